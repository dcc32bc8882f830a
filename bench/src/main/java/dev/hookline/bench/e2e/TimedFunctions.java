package dev.hookline.bench.e2e;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.local.Functions;
import dev.hookline.processor.ProcessorHandler;
import dev.hookline.receiver.ReceiverHandler;
import dev.hookline.sender.SenderHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * hookline's three functions, built with their Lambda constructors as {@link Functions#hookline()}
 * builds them, each invocation timed (billed duration) and labelled for {@link RequestCounter}.
 */
final class TimedFunctions {
    /** Per function: one entry per invocation, {duration ms, records}. */
    final Map<String, ConcurrentLinkedQueue<double[]>> invocations = Map.of("receiver",
            new ConcurrentLinkedQueue<>(), "processor", new ConcurrentLinkedQueue<>(), "sender",
            new ConcurrentLinkedQueue<>());

    Functions functions() {
        return new Functions(() -> {
            ReceiverHandler handler = new ReceiverHandler();
            return (APIGatewayV2HTTPEvent event, Context context) -> timed("receiver", 1,
                    () -> handler.handleRequest(event, context));
        }, () -> {
            ProcessorHandler handler = new ProcessorHandler();
            return (SQSEvent event, Context context) -> timed("processor", size(event),
                    () -> handler.handleRequest(event, context));
        }, () -> {
            SenderHandler handler = new SenderHandler();
            return (SQSEvent event, Context context) -> timed("sender", size(event),
                    () -> handler.handleRequest(event, context));
        });
    }

    private static int size(SQSEvent event) {
        List<?> records = event.getRecords();
        return records == null ? 0 : records.size();
    }

    private <T> T timed(String function, int records, java.util.function.Supplier<T> call) {
        String previous = RequestCounter.CALLER.get();
        RequestCounter.CALLER.set(function);
        long started = System.nanoTime();
        try {
            return call.get();
        } finally {
            invocations.get(function).add(new double[]{(System.nanoTime() - started) / 1e6, records});
            RequestCounter.CALLER.set(previous);
        }
    }
}
