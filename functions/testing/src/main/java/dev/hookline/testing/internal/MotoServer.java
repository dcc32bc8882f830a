package dev.hookline.testing.internal;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** moto's standalone server ({@code moto_server}), for Secrets Manager; a child process on a loopback port. */
public final class MotoServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private MotoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The {@code moto_server} executable on PATH, if any. */
    public static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "moto_server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static MotoServer start(Path executable, int port) {
        try {
            Path log = Files.createTempFile("hookline-moto", ".log");
            log.toFile().deleteOnExit();
            Process process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            MotoServer server = new MotoServer(process, port);
            try {
                FreePorts.awaitListening(port, Duration.ofSeconds(60), "moto_server");
            } catch (IllegalStateException e) {
                server.close();
                throw new IllegalStateException(e.getMessage() + "; its output: " + Files.readString(log), e);
            }
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("moto_server could not be started from " + executable, e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
