package dev.hookline.processor;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * What an {@link EventHandler} gets: one verified provider event.
 *
 * @param eventKey  {@code <source>#<eventId>}, unique per provider event: use it as idempotency key
 * @param messageId the outbound {@code id} endpoints receive for this event ({@code msg_...})
 * @param body      the raw body bytes as the provider sent them
 * @param data      the body parsed as JSON, or null when it is not JSON
 * @param headers   request headers, lower-case names (signature headers are not kept)
 */
public record InboundEvent(String eventKey, String messageId, String source, String eventId, String type,
                           Instant receivedAt, byte[] body, JsonNode data, Map<String, String> headers) {

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InboundEvent e && eventKey.equals(e.eventKey) && type.equals(e.type)
                && java.util.Arrays.equals(body, e.body);
    }

    @Override
    public int hashCode() {
        return eventKey.hashCode();
    }

    @Override
    public String toString() {
        return "InboundEvent[" + eventKey + ", type=" + type + ", " + body.length + " body bytes]";
    }
}
