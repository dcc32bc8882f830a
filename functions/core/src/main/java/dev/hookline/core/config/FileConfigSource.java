package dev.hookline.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Configuration read once from a JSON file (local runs and tests). */
public final class FileConfigSource implements ConfigSource {
    private final HooklineConfig config;

    public FileConfigSource(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("config file " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        try {
            this.config = ConfigParser.parse(text);
        } catch (ConfigException e) {
            throw new ConfigException("config file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public HooklineConfig current() {
        return config;
    }
}
