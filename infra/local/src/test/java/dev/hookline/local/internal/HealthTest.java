package dev.hookline.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.json.Json;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthTest {
    @Test
    void is200OnlyWhileEveryPartIsUpAndSaysWhichPartIsNot() {
        AtomicBoolean pollerAlive = new AtomicBoolean(true);
        Health health = new Health(List.of("http", "sender"));
        assertEquals(503, health.report().status());
        assertEquals("starting", json(health).get("parts").get("sender").asText());

        health.ready("http");
        health.ready("sender", pollerAlive::get);
        assertEquals(200, health.report().status());
        assertEquals("ready", json(health).get("status").asText());

        pollerAlive.set(false); // a poller thread that died
        assertEquals(503, health.report().status());
        assertEquals("down", json(health).get("status").asText());
        assertEquals("down", json(health).get("parts").get("sender").asText());
        assertEquals("ready", json(health).get("parts").get("http").asText());

        pollerAlive.set(true);
        health.stopping();
        assertEquals(503, health.report().status());
        assertEquals("stopping", json(health).get("status").asText());
    }

    @Test
    void refusesAPartItWasNotToldAbout() {
        Health health = new Health(List.of("http"));
        assertThrows(IllegalArgumentException.class, () -> health.ready("htp"));
    }

    private static JsonNode json(Health health) {
        return Json.parseOrNull(health.report().json());
    }
}
