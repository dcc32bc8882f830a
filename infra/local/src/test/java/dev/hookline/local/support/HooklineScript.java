package dev.hookline.local.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code bin/hookline} script run as a process, as a user runs it, for one command that
 * ends by itself. HOOKLINE_NO_BUILD=1: the surrounding Maven run has just built the classes and
 * written target/classpath.txt; JAVA_HOME is the test's own JDK.
 */
public final class HooklineScript {
    /** What one run printed, and its exit code. */
    public record Run(int code, String out, String err) {
    }

    private HooklineScript() {
    }

    /** The repository root (bin/hookline), whether the tests run from it or from infra/local. */
    public static Path root() {
        return ChildRuntime.root();
    }

    /** Runs {@code bin/hookline args...} in the repository root; its output goes to files under {@code dir}. */
    public static Run run(Path dir, Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root().resolve("bin/hookline").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("HOOKLINE_NO_BUILD", "1");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/hookline " + String.join(" ", args) + " did not finish in "
                    + timeout.toSeconds() + " s");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
