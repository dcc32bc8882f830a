package dev.hookline.processor.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.hookline.core.events.InboundMessage;
import dev.hookline.core.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The body customer endpoints receive (DESIGN §3):
 * {@code {"id","type","source","timestamp","api_version","data"}}.
 *
 * <p>{@code data} is the provider's JSON body spliced in as it came (its bytes, number spellings and
 * key order kept; a parse and re-serialise would round big decimals). A body that is not JSON (a
 * form-encoded GitHub hook, say) becomes a JSON string holding its text; bytes that are not UTF-8
 * become a base64 string and the payload gains {@code "data_encoding":"base64"}.
 */
public final class OutboundPayload {
    public static final String API_VERSION = "2026-11-01";
    /** Jackson's default reader ignores what follows the first value; splicing needs exactly one value. */
    private static final ObjectReader STRICT = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private OutboundPayload() {
    }

    /**
     * Stable per event, shared by every endpoint (webhook-id): {@code msg_} + base64url of the first
     * 18 bytes of SHA-256(eventKey), so a re-run or a replay yields the same id.
     */
    public static String messageId(String eventKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(eventKey.getBytes(StandardCharsets.UTF_8));
            return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The body parsed as exactly one JSON value, or null when it is not (not UTF-8, not JSON, trailing junk). */
    public static JsonNode parseData(byte[] body) {
        String text = utf8OrNull(body);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return STRICT.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** @param data the body parsed by {@link #parseData}, or null */
    public static String build(String messageId, InboundMessage message, JsonNode data) {
        StringWriter out = new StringWriter(message.body().length + 256);
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", messageId);
            json.writeStringField("type", message.type());
            json.writeStringField("source", message.source());
            json.writeStringField("timestamp", message.receivedAt().toString());
            json.writeStringField("api_version", API_VERSION);
            json.writeFieldName("data");
            String text = utf8OrNull(message.body());
            if (data != null) {
                json.writeRawValue(text.strip());
            } else if (text != null) {
                json.writeString(text);
            } else {
                json.writeString(Base64.getEncoder().encodeToString(message.body()));
                json.writeStringField("data_encoding", "base64");
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string failed", e);
        }
        return out.toString();
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
