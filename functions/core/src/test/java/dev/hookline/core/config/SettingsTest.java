package dev.hookline.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsFollowTheDesign() {
        Settings settings = new Settings(Map.of());
        assertEquals(Duration.ofHours(72), settings.dedupeWindow());
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
                Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(12), Duration.ofHours(12)),
                settings.backoffSchedule());
        assertEquals(9, settings.maxAttempts(), "one attempt plus one per backoff step");
        assertEquals(1024 * 1024 - 16 * 1024, settings.maxBodyBytes());
        assertFalse(settings.debug());
    }

    @Test
    void readsOverrides() {
        Settings settings = new Settings(Map.of(EnvVars.BACKOFF_SCHEDULE, "250ms, 1s,2m", EnvVars.MAX_ATTEMPTS, "3",
                EnvVars.DEDUPE_WINDOW_HOURS, "1", EnvVars.DEBUG, "true", EnvVars.ALLOWED_PRIVATE_NETWORKS,
                "127.0.0.0/8, ,10.0.0.0/8"));
        assertEquals(List.of(Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofMinutes(2)),
                settings.backoffSchedule());
        assertEquals(3, settings.maxAttempts());
        assertEquals(Duration.ofHours(1), settings.dedupeWindow());
        assertTrue(settings.debug());
        assertEquals(List.of("127.0.0.0/8", "10.0.0.0/8"), settings.list(EnvVars.ALLOWED_PRIVATE_NETWORKS));
    }

    @Test
    void processOverridesLayerOnTheEnvironment() {
        try {
            Settings.setProcessOverrides(Map.of("HOOKLINE_TEST_ONLY", "local"));
            assertEquals("local", Settings.fromEnvironment().required("HOOKLINE_TEST_ONLY"));
            assertEquals(System.getenv("PATH"), Settings.fromEnvironment().optional("PATH"));
        } finally {
            Settings.setProcessOverrides(Map.of());
        }
        assertEquals(null, Settings.fromEnvironment().optional("HOOKLINE_TEST_ONLY"));
    }

    @Test
    void missingRequiredVariableIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> new Settings(Map.of()).required("EVENTS_TABLE"));
        assertEquals("environment variable EVENTS_TABLE is not set", e.getMessage());
        assertThrows(ConfigException.class, () -> new Settings(Map.of("EVENTS_TABLE", "  ")).required("EVENTS_TABLE"));
    }

    @Test
    void malformedNumbersAndDurationsAreNamed() {
        ConfigException number = assertThrows(ConfigException.class,
                () -> new Settings(Map.of(EnvVars.MAX_ATTEMPTS, "nine")).maxAttempts());
        assertTrue(number.getMessage().contains(EnvVars.MAX_ATTEMPTS), number.getMessage());
        ConfigException range = assertThrows(ConfigException.class,
                () -> new Settings(Map.of(EnvVars.DEDUPE_WINDOW_HOURS, "0")).dedupeWindow());
        assertTrue(range.getMessage().contains("from 1"), range.getMessage());
        ConfigException duration = assertThrows(ConfigException.class,
                () -> new Settings(Map.of(EnvVars.BACKOFF_SCHEDULE, "5s,five minutes")).backoffSchedule());
        assertTrue(duration.getMessage().contains("'five minutes'"), duration.getMessage());
    }
}
