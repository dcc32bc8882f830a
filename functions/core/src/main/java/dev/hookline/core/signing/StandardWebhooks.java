package dev.hookline.core.signing;

import dev.hookline.core.crypto.Hmac;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Signing and verification per the Standard Webhooks specification: the signed content is
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, HMAC-SHA256 with the secret's base64-decoded
 * bytes (after {@code whsec_}), sent as space-separated {@code v1,<base64>} entries in
 * {@code webhook-signature}, one per secret.
 */
public final class StandardWebhooks {
    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    private static final String VERSION = "v1";

    private StandardWebhooks() {
    }

    /** The three headers of one signed message. */
    public record Headers(String id, String timestamp, String signature) {
        @Override
        public String toString() {
            return "Headers[id=" + id + ", timestamp=" + timestamp + ", signature=redacted]";
        }
    }

    /**
     * Signs a message with every given secret.
     *
     * @param secrets {@code whsec_...} secrets, at least one; each contributes one {@code v1,} entry
     */
    public static Headers sign(String messageId, Instant timestamp, String payload, List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is needed to sign");
        }
        String ts = Long.toString(timestamp.getEpochSecond());
        byte[] content = signedContent(messageId, ts, payload);
        StringBuilder signature = new StringBuilder();
        for (String secret : secrets) {
            if (!signature.isEmpty()) {
                signature.append(' ');
            }
            signature.append(VERSION).append(',')
                    .append(Base64.getEncoder().encodeToString(Hmac.sha256(secretBytes(secret), content)));
        }
        return new Headers(messageId, ts, signature.toString());
    }

    /**
     * Whether any {@code v1} signature in the header matches any of the secrets (constant-time
     * comparison), and the timestamp is within {@code tolerance} of {@code now}.
     */
    public static boolean verify(Headers headers, String payload, List<String> secrets, Instant now,
                                 Duration tolerance) {
        if (headers == null || headers.id() == null || headers.timestamp() == null || headers.signature() == null) {
            return false;
        }
        long ts;
        try {
            ts = Long.parseLong(headers.timestamp().trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - ts) > tolerance.toSeconds()) {
            return false;
        }
        byte[] content = signedContent(headers.id(), headers.timestamp().trim(), payload);
        for (String secret : secrets) {
            byte[] expected = Hmac.sha256(secretBytes(secret), content);
            for (String entry : headers.signature().trim().split(" +")) {
                int comma = entry.indexOf(',');
                if (comma < 0 || !entry.substring(0, comma).equals(VERSION)) {
                    continue;
                }
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(entry.substring(comma + 1));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (Hmac.equal(expected, given)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] signedContent(String id, String timestamp, String payload) {
        return (id + "." + timestamp + "." + payload).getBytes(StandardCharsets.UTF_8);
    }

    /** A secret's key bytes, by {@link WebhookSecret}'s one rule. */
    static byte[] secretBytes(String secret) {
        return WebhookSecret.parse(secret).key();
    }
}
