package dev.hookline.core.signing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The platform's outbound signing key: the root every endpoint secret is derived from.
 *
 * <p>How the configured string becomes key bytes: a value starting with {@code whsec_} is the
 * Standard Webhooks spelling of a secret, parsed by {@link WebhookSecret}'s rule (as a receiver
 * would decode it); any other value (the raw material Secrets Manager generates, say) is used as its UTF-8 bytes.
 * Changing the key changes every endpoint's secret.
 */
public final class SigningKey {
    /** HMAC-SHA256 accepts any key length; below 16 bytes the derived secrets would be guessable. */
    private static final int MIN_BYTES = 16;

    private final byte[] bytes;

    private SigningKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Parses the configured key; throws {@link IllegalArgumentException} (never echoing the key) if unusable. */
    public static SigningKey parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("signing key is missing");
        }
        String trimmed = text.trim();
        byte[] bytes;
        if (trimmed.startsWith(WebhookSecret.PREFIX)) {
            try {
                bytes = WebhookSecret.parse(trimmed).key();
            } catch (IllegalArgumentException e) {
                // WebhookSecret's messages never hold the secret.
                throw new IllegalArgumentException("signing key starts with whsec_ but " + e.getMessage());
            }
        } else {
            bytes = trimmed.getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException("must hold at least " + MIN_BYTES + " bytes of key material");
        }
        return new SigningKey(bytes);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey other && java.security.MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "SigningKey[redacted]";
    }
}
