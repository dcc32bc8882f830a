package dev.hookline.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.config.ConfigException;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.Settings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SenderSettingsTest {
    private static Map<String, String> required() {
        Map<String, String> env = new HashMap<>();
        env.put(EnvVars.ENDPOINTS_TABLE, "endpoints");
        env.put(EnvVars.DELIVERIES_TABLE, "deliveries");
        env.put(EnvVars.DELIVERIES_QUEUE_URL, "http://sqs/deliveries");
        env.put(EnvVars.DELIVERIES_DLQ_URL, "http://sqs/deliveries-dlq");
        return env;
    }

    @Test
    void defaultsAreStrictAndFollowTheDesign() {
        SenderSettings s = SenderSettings.from(new Settings(required()));
        assertFalse(s.allowHttp());
        assertTrue(s.allowedNetworks().isEmpty());
        assertEquals(9, s.maxAttempts());
        assertEquals(8, s.backoff().size());
        assertEquals(Duration.ofHours(24), s.secretGrace());
        assertEquals(Duration.ofHours(120), s.disableAfter());
        assertEquals(5, s.circuitThreshold());
        assertEquals(10, s.concurrency());
    }

    @Test
    void readsLocalOverrides() {
        Map<String, String> env = required();
        env.put(EnvVars.ALLOW_HTTP_ENDPOINTS, "true");
        env.put(EnvVars.ALLOWED_PRIVATE_NETWORKS, "127.0.0.0/8, ::1/128");
        env.put(EnvVars.BACKOFF_SCHEDULE, "1s,2s");
        SenderSettings s = SenderSettings.from(new Settings(env));
        assertTrue(s.allowHttp());
        assertEquals(List.of("127.0.0.0/8", "::1/128"), s.allowedNetworks());
        assertEquals(3, s.maxAttempts(), "schedule steps + 1 unless MAX_ATTEMPTS says otherwise");
    }

    @Test
    void badNetworkFailsAtStartNamingTheVariable() {
        Map<String, String> env = required();
        env.put(EnvVars.ALLOWED_PRIVATE_NETWORKS, "127.0.0.0/40");
        ConfigException e = assertThrows(ConfigException.class, () -> SenderSettings.from(new Settings(env)));
        assertTrue(e.getMessage().contains(EnvVars.ALLOWED_PRIVATE_NETWORKS), e.getMessage());
    }

    @Test
    void missingQueueFailsAtStart() {
        Map<String, String> env = required();
        env.remove(EnvVars.DELIVERIES_DLQ_URL);
        assertThrows(ConfigException.class, () -> SenderSettings.from(new Settings(env)));
    }
}
