package dev.hookline.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.processor.ProcessorHandler;
import dev.hookline.receiver.ReceiverHandler;
import dev.hookline.sender.SenderHandler;
import java.util.function.Supplier;

/**
 * How the local runtime builds the three functions. Each supplier is called after the runtime has
 * set the process variables, and once per concurrent instance: like Lambda, an instance handles
 * one invocation at a time.
 */
public record Functions(Supplier<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> receiver,
                        Supplier<RequestHandler<SQSEvent, SQSBatchResponse>> processor,
                        Supplier<RequestHandler<SQSEvent, SQSBatchResponse>> sender) {

    private static final java.util.concurrent.atomic.AtomicBoolean HOOKLINE_TAKEN =
            new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * hookline's own receiver, processor and sender, each built with its no-arg (Lambda) constructor.
     * Those keep their clients and settings in static holders, built once per process as on Lambda,
     * so one JVM can host them for one local runtime only: a second call fails instead of silently
     * reusing the first runtime's tables and emulators.
     */
    public static Functions hookline() {
        if (!HOOKLINE_TAKEN.compareAndSet(false, true)) {
            throw new IllegalStateException("hookline's functions can be hosted by one local runtime per JVM "
                    + "(they build their clients once per process, as on Lambda)");
        }
        return new Functions(ReceiverHandler::new, ProcessorHandler::new, SenderHandler::new);
    }
}
