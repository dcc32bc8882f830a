package dev.hookline.local.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's infra/local/hookline.json, with its sink URLs moved to the test's port. */
public final class TestConfig {
    private TestConfig() {
    }

    public static Path repositoryConfig() {
        Path here = Path.of("").toAbsolutePath();
        Path file = here.resolve("hookline.json");
        return Files.isRegularFile(file) ? file : here.resolve("infra/local/hookline.json");
    }

    public static Path writeFor(int port, Path dir) {
        try {
            String text = Files.readString(repositoryConfig()).replace("http://127.0.0.1:3000/", "http://127.0.0.1:"
                    + port + "/");
            Path file = dir.resolve("hookline.json");
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
