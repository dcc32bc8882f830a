package dev.hookline.receiver.verify;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a verifier looks at: the request headers and the raw body bytes exactly as the provider sent
 * them (after undoing API Gateway's base64, never re-encoded).
 *
 * @param headers header names lower-cased, so lookups are case-insensitive
 */
public record WebhookRequest(Map<String, String> headers, byte[] body) {

    public WebhookRequest {
        headers = Map.copyOf(headers);
    }

    /** Builds a request from headers named in any case; a null map counts as no headers. */
    public static WebhookRequest of(Map<String, String> headers, byte[] body) {
        Map<String, String> lower = new HashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value != null) {
                    lower.put(name.toLowerCase(Locale.ROOT), value);
                }
            });
        }
        return new WebhookRequest(lower, body == null ? new byte[0] : body);
    }

    /** The header's value, whatever the case of {@code name}; null when absent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
