package dev.hookline.bench.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BodiesTest {
    @ParameterizedTest
    @ValueSource(ints = {1024, 1025, 1030, 16384, 262144})
    void bodiesAreValidJsonOfExactlyTheAskedSizeWithATopLevelType(int size) {
        String body = Bodies.json(size);
        assertEquals(size, body.getBytes(StandardCharsets.UTF_8).length);
        JsonNode node = Json.parseOrNull(body);
        assertNotNull(node, "not JSON at " + size + " bytes");
        assertEquals("invoice.paid", node.path("type").asText());
    }
}
