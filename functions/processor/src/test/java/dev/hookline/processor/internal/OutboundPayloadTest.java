package dev.hookline.processor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.events.InboundMessage;
import dev.hookline.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboundPayloadTest {
    private static final Instant AT = Instant.parse("2026-11-01T09:30:00.123Z");

    private static InboundMessage message(byte[] body) {
        return new InboundMessage("stripe", "evt_1", "invoice.paid", AT, body, Map.of());
    }

    private static String build(byte[] body) {
        return OutboundPayload.build("msg_x", message(body), OutboundPayload.parseData(body));
    }

    @Test
    void messageIdIsStablePerEventAndDiffersBetweenEvents() {
        String id = OutboundPayload.messageId("stripe#evt_1");
        assertEquals(id, OutboundPayload.messageId("stripe#evt_1"));
        assertNotEquals(id, OutboundPayload.messageId("stripe#evt_2"));
        assertTrue(id.matches("msg_[A-Za-z0-9_-]{24}"), id);
    }

    @Test
    void payloadHasTheDesignedFieldsInOrderWithTheBodyAsData() {
        String payload = build("{\"id\":\"evt_1\",\"n\":1}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"id\":\"msg_x\",\"type\":\"invoice.paid\",\"source\":\"stripe\","
                + "\"timestamp\":\"2026-11-01T09:30:00.123Z\",\"api_version\":\"2026-11-01\","
                + "\"data\":{\"id\":\"evt_1\",\"n\":1}}", payload);
    }

    @Test
    void jsonBodyIsSplicedAsSentKeepingNumberSpellings() {
        String body = "  {\"amount\": 1.10, \"big\": 1e400, \"precise\": 0.1000000000000000000001}\n";
        String payload = build(body.getBytes(StandardCharsets.UTF_8));
        assertTrue(payload.endsWith("\"data\":" + body.strip() + "}"), payload);
        assertEquals("msg_x", Json.parseOrNull(payload).get("id").asText());
    }

    @Test
    void bodyThatIsNotJsonBecomesAString() {
        JsonNode payload = Json.parseOrNull(build("payload=%7B%7D&x=1".getBytes(StandardCharsets.UTF_8)));
        assertEquals("payload=%7B%7D&x=1", payload.get("data").asText());
        assertNull(payload.get("data_encoding"));
    }

    @Test
    void jsonFollowedByJunkIsNotSplicedButQuoted() {
        byte[] body = "{\"a\":1} trailing".getBytes(StandardCharsets.UTF_8);
        assertNull(OutboundPayload.parseData(body));
        JsonNode payload = Json.parseOrNull(build(body));
        assertEquals("{\"a\":1} trailing", payload.get("data").asText());
    }

    @Test
    void bytesThatAreNotUtf8BecomeBase64WithAMarker() {
        byte[] body = {(byte) 0xff, (byte) 0xfe, 0x00, 0x41};
        JsonNode payload = Json.parseOrNull(build(body));
        assertEquals(Base64.getEncoder().encodeToString(body), payload.get("data").asText());
        assertEquals("base64", payload.get("data_encoding").asText());
    }

    @Test
    void emptyBodyBecomesAnEmptyString() {
        JsonNode payload = Json.parseOrNull(build(new byte[0]));
        assertEquals("", payload.get("data").asText());
    }
}
