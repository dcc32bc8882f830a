package dev.hookline.receiver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutesTest {
    @Test
    void prefersThePathParameter() {
        assertEquals("stripe", Routes.source(Map.of("source", "stripe"), "/webhooks/other"));
    }

    @Test
    void fallsBackToTheRawPathWithOrWithoutStageAndTrailingSlash() {
        assertEquals("github", Routes.source(null, "/webhooks/github"));
        assertEquals("github", Routes.source(Map.of(), "/prod/webhooks/github/"));
    }

    @Test
    void refusesPathsThatAreNotOneSourceUnderWebhooks() {
        assertNull(Routes.source(null, "/webhooks/"));
        assertNull(Routes.source(null, "/webhooks/a/b"));
        assertNull(Routes.source(null, "/hooks/a"));
        assertNull(Routes.source(null, null));
    }
}
