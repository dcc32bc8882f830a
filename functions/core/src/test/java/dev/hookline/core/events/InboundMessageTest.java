package dev.hookline.core.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundMessageTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-22T10:00:00.123Z");

    @Test
    void roundTripsATextBody() {
        InboundMessage message = new InboundMessage("stripe", "evt_1", "invoice.paid", RECEIVED,
                "{\"id\":\"evt_1\",\"emoji\":\"\uD83D\uDE00\"}".getBytes(StandardCharsets.UTF_8),
                Map.of("content-type", "application/json"));
        String json = message.toJson();
        assertFalse(json.contains("bodyEncoding"));
        InboundMessage back = InboundMessage.fromJson(json);
        assertEquals(message, back);
        assertEquals("stripe#evt_1", back.eventKey());
    }

    @Test
    void carriesItsTenantAndAMessageWithoutOneIsDefaults() {
        InboundMessage message = new InboundMessage("shop", "evt_1", "order.created", RECEIVED,
                "{}".getBytes(StandardCharsets.UTF_8), Map.of(), "acme");
        assertEquals("acme", InboundMessage.fromJson(message.toJson()).tenant());
        String older = "{\"source\":\"s\",\"eventId\":\"e\",\"type\":\"t\",\"receivedAt\":\"2026-11-22T10:00:00Z\",\"body\":\"{}\"}";
        assertEquals("default", InboundMessage.fromJson(older).tenant());
        String bad = older.replace("\"body\"", "\"tenant\":\"a/b\",\"body\"");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> InboundMessage.fromJson(bad));
    }

    @Test
    void aPublishedEventCarriesItsTenantAndIsKnownAsPublished() {
        InboundMessage published = new InboundMessage(InboundMessage.tenantSource("acme"), "evt_1", "order.created",
                RECEIVED, "{}".getBytes(StandardCharsets.UTF_8), Map.of(), "acme");
        InboundMessage back = InboundMessage.fromJson(published.toJson());
        assertEquals("acme", back.tenant());
        assertEquals("tenant:acme#evt_1", back.eventKey());
        assertTrue(back.published());
        InboundMessage received = new InboundMessage("stripe", "evt_1", "t", RECEIVED, new byte[0], Map.of());
        assertFalse(received.published());
        assertEquals("default", InboundMessage.fromJson(received.toJson()).tenant());
    }

    @Test
    void carriesBytesThatAreNotUtf8AsBase64() {
        byte[] body = {(byte) 0xff, (byte) 0xfe, 0, 'a'};
        InboundMessage message = new InboundMessage("hmac", "id", "t", RECEIVED, body, Map.of());
        String json = message.toJson();
        assertTrue(json.contains("\"bodyEncoding\":\"base64\""));
        assertArrayEquals(body, InboundMessage.fromJson(json).body());
    }

    @Test
    void rejectsMalformedMessagesNamingTheField() {
        assertEquals("inbound message is not a JSON object",
                assertThrows(IllegalArgumentException.class, () -> InboundMessage.fromJson("nope")).getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> InboundMessage.fromJson("{\"source\":\"s\",\"eventId\":\"e\",\"receivedAt\":\"x\",\"body\":\"b\"}"));
        assertTrue(missing.getMessage().contains("type"), missing.getMessage());
        IllegalArgumentException badTime = assertThrows(IllegalArgumentException.class,
                () -> InboundMessage.fromJson("{\"source\":\"s\",\"eventId\":\"e\",\"type\":\"t\",\"receivedAt\":\"x\","
                        + "\"body\":\"secret-body\"}"));
        assertTrue(badTime.getMessage().contains("receivedAt"));
        assertFalse(badTime.getMessage().contains("secret-body"));
    }
}
