package dev.hookline.local.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/hookline local} as its own process, started the way a user starts it (the script
 * execs the JVM, so this process is the runtime): for what only a separate process can show, a
 * {@code kill -9} and the sockets the runtime listens on. HOOKLINE_NO_BUILD=1: the surrounding
 * Maven run has built the classes and target/classpath.txt.
 */
public final class ChildRuntime implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private ChildRuntime(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The repository root (bin/hookline), whether the tests run from it or from infra/local. */
    public static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isRegularFile(here.resolve("bin/hookline")) ? here : here.resolve("../..").normalize();
    }

    /** Starts {@code bin/hookline local} and waits until {@code GET /_health} answers 200. */
    public static ChildRuntime start(Path config, int port, Path dataDir, Map<String, String> env,
                                     String... extraArgs) {
        List<String> command = new ArrayList<>(List.of(root().resolve("bin/hookline").toString(), "local",
                "--config", config.toString(), "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        command.addAll(List.of(extraArgs));
        try {
            Files.createDirectories(dataDir.getParent());
            Path log = Files.createTempFile(dataDir.getParent(), "runtime", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("HOOKLINE_NO_BUILD", "1");
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().putAll(env);
            ChildRuntime child = new ChildRuntime(builder.start(), port, log);
            child.awaitHealthy(Duration.ofSeconds(120));
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private void awaitHealthy(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("bin/hookline local exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<String> health = CLIENT.send(HttpRequest.newBuilder(url("/_health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
            sleep(200);
        }
        kill();
        throw new AssertionError("bin/hookline local not healthy within " + timeout.toSeconds() + " s:\n" + output());
    }

    /** SIGKILL (Process.destroyForcibly), as {@code kill -9}: no shutdown hook runs. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM: the shutdown hook stops the runtime cleanly. */
    public void stop() {
        process.destroy();
        waitFor();
    }

    private void waitFor() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
