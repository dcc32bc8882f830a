package dev.hookline.testing.lambda;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A function as Lambda runs it: its name, its handler string, its deployment artifact, its memory
 * and its timeout. {@link #hookline} holds hookline's three as template.yaml declares them.
 */
public record LambdaFunction(String name, String handler, Path jar, int memoryMb, Duration timeout) {
    public static final List<String> HOOKLINE = List.of("receiver", "processor", "sender");

    /**
     * One of hookline's functions, its artifact under {@code functions/<name>/target} of the given
     * repository root. Handler, memory and timeout mirror template.yaml (Handler, MemorySize, Timeout).
     */
    public static LambdaFunction hookline(String name, Path repositoryRoot) {
        Path jar = repositoryRoot.resolve("functions").resolve(name).resolve("target")
                .resolve("hookline-" + name + ".jar");
        return switch (name) {
            case "receiver" -> new LambdaFunction(name, "dev.hookline.receiver.ReceiverHandler::handleRequest", jar,
                    1024, Duration.ofSeconds(15));
            case "processor" -> new LambdaFunction(name, "dev.hookline.processor.ProcessorHandler::handleRequest",
                    jar, 1024, Duration.ofSeconds(30));
            case "sender" -> new LambdaFunction(name, "dev.hookline.sender.SenderHandler::handleRequest", jar, 1024,
                    Duration.ofSeconds(60));
            default -> throw new IllegalArgumentException("unknown function '" + name + "': expected one of "
                    + String.join(", ", HOOKLINE));
        };
    }

    public LambdaFunction withHandler(String otherHandler) {
        return new LambdaFunction(name, otherHandler, jar, memoryMb, timeout);
    }
}
