package dev.hookline.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileConfigSourceTest {
    @TempDir
    Path dir;

    @Test
    void readsTheFile() throws Exception {
        Path file = dir.resolve("hookline.json");
        Files.writeString(file, "{\"sources\": {\"gh\": {\"scheme\": \"github\", \"secrets\": [\"s\"]}}}");
        assertEquals(Scheme.GITHUB, new FileConfigSource(file).current().source("gh").orElseThrow().scheme());
    }

    @Test
    void namesTheFileAndTheFieldWhenInvalid() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"sources\": {\"gh\": {\"scheme\": \"github\"}}}");
        ConfigException e = assertThrows(ConfigException.class, () -> new FileConfigSource(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("sources.gh.secrets"),
                e.getMessage());
    }

    @Test
    void namesAMissingFile() {
        Path file = dir.resolve("absent.json");
        ConfigException e = assertThrows(ConfigException.class, () -> new FileConfigSource(file));
        assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
    }
}
