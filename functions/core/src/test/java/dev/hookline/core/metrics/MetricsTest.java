package dev.hookline.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Metrics metrics = new Metrics("receiver", new PrintStream(bytes, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC));

    @Test
    void flushWritesOneEmbeddedMetricFormatLine() {
        metrics.count("accepted");
        metrics.count("accepted");
        metrics.count("duplicates", 3);
        metrics.timing("latency", 12.5);
        metrics.timing("latency", 7);
        assertEquals(Map.of("accepted", 2L, "duplicates", 3L), metrics.counts());
        metrics.flush();

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(1, lines.length);
        JsonNode line = Json.parseOrNull(lines[0]);
        JsonNode directive = line.get("_aws").get("CloudWatchMetrics").get(0);
        assertEquals(1_700_000_000_000L, line.get("_aws").get("Timestamp").asLong());
        assertEquals("hookline", directive.get("Namespace").asText());
        assertEquals("function", directive.get("Dimensions").get(0).get(0).asText());
        assertEquals("receiver", line.get("function").asText());
        assertEquals(2, line.get("accepted").asLong());
        assertEquals(3, line.get("duplicates").asLong());
        assertEquals(2, line.get("latency").size());
        assertEquals(12.5, line.get("latency").get(0).asDouble());
        boolean latencyInMillis = false;
        for (JsonNode def : directive.get("Metrics")) {
            if (def.get("Name").asText().equals("latency")) {
                latencyInMillis = def.get("Unit").asText().equals("Milliseconds");
            }
        }
        assertTrue(latencyInMillis);
    }

    @Test
    void flushStartsAfreshAndWritesNothingWhenEmpty() {
        metrics.count("accepted");
        metrics.flush();
        metrics.flush();
        assertEquals(1, bytes.toString(StandardCharsets.UTF_8).split("\n").length);
        assertTrue(metrics.counts().isEmpty());
    }
}
