package dev.hookline.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * An EventBridge event as a rule with an SQS target puts it on the inbound queue: the event's JSON
 * as the message body ({@code version, id, detail-type, source, account, time, region, resources,
 * detail}). It becomes an {@link InboundMessage}: source {@code eventbridge:<source>} (a name no
 * config source or tenant source can take), event id {@code id}, type {@code detail-type}, body
 * {@code detail}, received at {@code time}, tenant {@code default}.
 *
 * <p>It never went through the receiver's claim, so its only dedupe is the processor's: an event
 * already PROCESSED under its key is skipped, and a copy processed concurrently creates no second
 * delivery (delivery ids are deterministic and created once). EventBridge keeps {@code id} across
 * its own retries, which is what makes that work.
 */
public final class EventBridgeEnvelope {
    public static final String SOURCE_PREFIX = "eventbridge:";

    private EventBridgeEnvelope() {
    }

    /** Whether a queue body is an EventBridge event rather than an {@link InboundMessage}. */
    public static boolean matches(JsonNode node) {
        return node != null && node.isObject() && node.has("detail-type") && node.has("detail")
                && node.has("source") && node.has("id") && !node.has("eventId");
    }

    /** Parses one; throws {@link IllegalArgumentException} naming the field at fault (never the detail). */
    public static InboundMessage toMessage(JsonNode node) {
        String id = text(node, "id");
        String type = text(node, "detail-type");
        String source = text(node, "source");
        Instant time;
        try {
            time = Instant.parse(text(node, "time"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("EventBridge event field time is not an ISO-8601 instant");
        }
        JsonNode detail = node.get("detail");
        if (!detail.isObject()) {
            throw new IllegalArgumentException("EventBridge event field detail is not an object");
        }
        return new InboundMessage(SOURCE_PREFIX + source, id, type, time,
                Json.write(detail).getBytes(StandardCharsets.UTF_8), Map.of(), null);
    }

    private static String text(JsonNode node, String field) {
        String value = Json.text(node, field);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("EventBridge event field " + field + " is missing or not a string");
        }
        return value;
    }
}
