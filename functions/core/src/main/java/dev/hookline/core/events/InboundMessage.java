package dev.hookline.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.json.Json;
import dev.hookline.core.sqs.SqsText;
import dev.hookline.core.tenants.TenantId;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the receiver puts on the inbound queue and the processor reads: the verified event with its
 * raw body and the request headers a handler may need (signature headers are not kept).
 *
 * @param body    the raw body bytes exactly as the provider sent them
 * @param headers lower-case header names
 * @param tenant  whose endpoints the event fans out to; a message without one (older, or sent
 *                directly) belongs to {@code default}
 */
public record InboundMessage(String source, String eventId, String type, Instant receivedAt, byte[] body,
                             Map<String, String> headers, String tenant) {
    public static final String ATTR_SOURCE = "source";
    public static final String ATTR_TYPE = "type";
    /** Prefix of a published event's source; ':' is not allowed in a config source name, so none collides. */
    public static final String TENANT_SOURCE_PREFIX = "tenant:";

    public InboundMessage {
        headers = Map.copyOf(headers);
        tenant = tenant == null ? TenantId.DEFAULT : tenant;
    }

    /** An event of the {@code default} tenant. */
    public InboundMessage(String source, String eventId, String type, Instant receivedAt, byte[] body,
                          Map<String, String> headers) {
        this(source, eventId, type, receivedAt, body, headers, TenantId.DEFAULT);
    }

    /** The source of events published to {@code tenant} through the API: {@code tenant:<tenant>}. */
    public static String tenantSource(String tenant) {
        return TENANT_SOURCE_PREFIX + tenant;
    }

    /** Whether the event was published through the API (its source is {@link #tenantSource}). */
    public boolean published() {
        return source.startsWith(TENANT_SOURCE_PREFIX);
    }

    public String eventKey() {
        return EventKey.of(source, eventId);
    }

    /** Hex SHA-256 of the raw body, as the events table stores it ({@link EventAttributes#BODY_SHA256}). */
    public String bodySha256() {
        return bodySha256(body);
    }

    public static String bodySha256(byte[] body) {
        return java.util.HexFormat.of().formatHex(dev.hookline.core.crypto.Hmac.digestSha256(body));
    }

    /**
     * The queue message: the body as text (SQS bodies are text, so bytes that are not UTF-8 travel
     * as base64), written by {@link SqsText#json} so characters SQS refuses travel escaped.
     */
    public String toJson() {
        ObjectNode node = Json.object();
        node.put("source", source);
        node.put("eventId", eventId);
        node.put("type", type);
        node.put("receivedAt", receivedAt.toString());
        node.put("tenant", tenant);
        String text = utf8OrNull(body);
        if (text != null) {
            node.put("body", text);
        } else {
            node.put("body", Base64.getEncoder().encodeToString(body));
            node.put("bodyEncoding", "base64");
        }
        ObjectNode h = node.putObject("headers");
        headers.forEach(h::put);
        return SqsText.json(node);
    }

    /**
     * Parses a queue message: one the receiver or the publish API wrote, one sent directly with
     * {@code SendMessage} in the same shape, or an EventBridge event ({@link EventBridgeEnvelope}).
     * Throws {@link IllegalArgumentException} naming what is wrong (never the body).
     */
    public static InboundMessage fromJson(String json) {
        JsonNode node = Json.parseOrNull(json);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("inbound message is not a JSON object");
        }
        if (EventBridgeEnvelope.matches(node)) {
            return EventBridgeEnvelope.toMessage(node);
        }
        String source = required(node, "source");
        String eventId = required(node, "eventId");
        String type = required(node, "type");
        Instant receivedAt;
        try {
            receivedAt = Instant.parse(required(node, "receivedAt"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("inbound message field receivedAt is not an ISO-8601 instant");
        }
        String bodyText = required(node, "body");
        byte[] body;
        if ("base64".equals(Json.text(node, "bodyEncoding"))) {
            try {
                body = Base64.getDecoder().decode(bodyText);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("inbound message field body is not valid base64");
            }
        } else {
            body = bodyText.getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = node.get("headers");
        if (h != null && h.isObject()) {
            h.fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        }
        String tenant = Json.text(node, "tenant");
        if (tenant != null && !TenantId.valid(tenant)) {
            throw new IllegalArgumentException("inbound message field tenant is not a tenant id");
        }
        return new InboundMessage(source, eventId, type, receivedAt, body, headers, tenant);
    }

    private static String required(JsonNode node, String field) {
        String value = Json.text(node, field);
        if (value == null) {
            throw new IllegalArgumentException("inbound message field " + field + " is missing or not a string");
        }
        return value;
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InboundMessage m && source.equals(m.source) && eventId.equals(m.eventId)
                && type.equals(m.type) && receivedAt.equals(m.receivedAt) && java.util.Arrays.equals(body, m.body)
                && headers.equals(m.headers) && tenant.equals(m.tenant);
    }

    @Override
    public int hashCode() {
        return eventKey().hashCode();
    }

    @Override
    public String toString() {
        return "InboundMessage[" + eventKey() + ", type=" + type + ", " + body.length + " body bytes]";
    }
}
