package dev.hookline.receiver.verify.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.json.Json;
import dev.hookline.receiver.verify.Verification;

/** Reading event ids and types out of a (verified) body and headers. */
final class Bodies {
    /** DynamoDB keys may be long, but no provider's id comes near this; longer ones are refused. */
    static final int MAX_ID_LENGTH = 256;
    static final int MAX_TYPE_LENGTH = 256;

    private Bodies() {
    }

    /** The body as a JSON object, or null when it is not one. Only called after the signature matched. */
    static JsonNode jsonObject(byte[] body) {
        JsonNode node = Json.parseOrNull(body);
        return node != null && node.isObject() ? node : null;
    }

    /** A string field, or an integral number as its decimal text; null otherwise. */
    static String idField(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        return value.isIntegralNumber() ? value.asText() : null;
    }

    /** The verdict for a request whose signature matched: verified if id and type are usable, else 400. */
    static Verification event(String id, String type) {
        if (validId(id) == null) {
            return Verification.invalid(id == null ? "no event id" : "event id is empty, too long or has control characters");
        }
        if (validType(type) == null) {
            return Verification.invalid(type == null ? "no event type" : "event type is empty, too long or has control characters");
        }
        return Verification.verified(id, type);
    }

    /** The id if it can key the events table: 1 to 256 characters, no control characters. */
    static String validId(String id) {
        return printable(id, MAX_ID_LENGTH);
    }

    static String validType(String type) {
        return printable(type, MAX_TYPE_LENGTH);
    }

    private static String printable(String value, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return null;
            }
        }
        return value;
    }
}
