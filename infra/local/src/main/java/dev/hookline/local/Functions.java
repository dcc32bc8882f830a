package dev.hookline.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.function.Supplier;

/**
 * How the local runtime builds the three functions. Each supplier is called after the runtime has
 * set the process variables, and once per concurrent instance: like Lambda, an instance handles
 * one invocation at a time.
 */
public record Functions(Supplier<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> receiver,
                        Supplier<RequestHandler<SQSEvent, SQSBatchResponse>> processor,
                        Supplier<RequestHandler<SQSEvent, SQSBatchResponse>> sender) {

    /**
     * hookline's own receiver, processor and sender, built with their no-arg (Lambda) constructors.
     * Looked up by name so this module compiles on its own; bin/hookline puts the function modules on
     * the classpath.
     */
    public static Functions hookline() {
        return new Functions(() -> create("dev.hookline.receiver.ReceiverHandler"),
                () -> create("dev.hookline.processor.ProcessorHandler"),
                () -> create("dev.hookline.sender.SenderHandler"));
    }

    @SuppressWarnings("unchecked")
    private static <T> T create(String className) {
        try {
            return (T) Class.forName(className).getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the classpath: build with bin/hookline local");
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(className + " could not be constructed: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(className + " has no public no-arg constructor", e);
        }
    }
}
