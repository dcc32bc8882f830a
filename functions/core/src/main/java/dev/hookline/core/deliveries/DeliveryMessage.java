package dev.hookline.core.deliveries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.json.Json;
import dev.hookline.core.sqs.SqsText;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One message on the deliveries queue: send this payload to this endpoint. The processor writes
 * it, the sender reads it.
 *
 * @param deliveryId      {@code <eventKey>/<endpointId>}: deterministic, so a re-run fan-out adds nothing
 * @param messageId       the outbound {@code id} and {@code webhook-id}, stable per event (all endpoints share it)
 * @param payload         the outbound JSON exactly as it will be signed and sent
 * @param eventReceivedAt when the receiver accepted the event, for end-to-end latency
 */
public record DeliveryMessage(String deliveryId, String endpointId, String eventKey, String messageId, String type,
                              String payload, Instant eventReceivedAt) {

    public static String deliveryId(String eventKey, String endpointId) {
        return eventKey + "/" + endpointId;
    }

    /** The queue message, written by {@link SqsText#json}: the payload may hold characters SQS refuses. */
    public String toJson() {
        ObjectNode node = Json.object();
        node.put("deliveryId", deliveryId);
        node.put("endpointId", endpointId);
        node.put("eventKey", eventKey);
        node.put("messageId", messageId);
        node.put("type", type);
        node.put("payload", payload);
        node.put("eventReceivedAt", eventReceivedAt.toString());
        return SqsText.json(node);
    }

    /** Parses a queue message; throws {@link IllegalArgumentException} naming the field (never the payload). */
    public static DeliveryMessage fromJson(String json) {
        JsonNode node = Json.parseOrNull(json);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("delivery message is not a JSON object");
        }
        Instant receivedAt;
        try {
            receivedAt = Instant.parse(required(node, "eventReceivedAt"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("delivery message field eventReceivedAt is not an ISO-8601 instant");
        }
        return new DeliveryMessage(required(node, "deliveryId"), required(node, "endpointId"),
                required(node, "eventKey"), required(node, "messageId"), required(node, "type"),
                required(node, "payload"), receivedAt);
    }

    /**
     * The dead-letter id in a queue message body: present only on the copies the sender put in
     * deliveries-dlq, so a message carrying it is one that was redriven from there. It travels in the
     * body, which every way of moving a message keeps (the CLI, SQS's own DLQ redrive).
     */
    public static String deadLetterId(String json) {
        JsonNode node = Json.parseOrNull(json);
        String value = node == null || !node.isObject() ? null : Json.text(node, DEAD_LETTER_ID_FIELD);
        return value == null || value.isEmpty() ? null : value;
    }

    /** {@code json} (a delivery message body) with its dead-letter id set to {@code id}. */
    public static String withDeadLetterId(String json, String id) {
        JsonNode node = Json.parseOrNull(json);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("delivery message is not a JSON object");
        }
        ((ObjectNode) node).put(DEAD_LETTER_ID_FIELD, id);
        return Json.write(node);
    }

    private static final String DEAD_LETTER_ID_FIELD = "deadLetterId";

    private static String required(JsonNode node, String field) {
        String value = Json.text(node, field);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("delivery message field " + field + " is missing or not a string");
        }
        return value;
    }

    @Override
    public String toString() {
        return "DeliveryMessage[" + deliveryId + ", type=" + type + "]";
    }
}
