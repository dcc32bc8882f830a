package dev.hookline.testing.lambda;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A function as Lambda runs it: its name, its handler string, its deployment artifact, its memory
 * and its timeout. {@link #hookline} reads hookline's three from template.yaml.
 */
public record LambdaFunction(String name, String handler, Path jar, int memoryMb, Duration timeout) {
    public static final List<String> HOOKLINE = List.of("receiver", "processor", "sender", "api");

    /** One of hookline's functions as template.yaml (at the repository root) declares it. */
    public static LambdaFunction hookline(String name, Path repositoryRoot) {
        if (!HOOKLINE.contains(name)) {
            throw new IllegalArgumentException("unknown function '" + name + "': expected one of "
                    + String.join(", ", HOOKLINE));
        }
        return SamTemplate.load(repositoryRoot).function(name);
    }

    public LambdaFunction withHandler(String otherHandler) {
        return new LambdaFunction(name, otherHandler, jar, memoryMb, timeout);
    }
}
