package dev.hookline.core.signing;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * A Standard Webhooks secret ({@code whsec_<base64>}): the one place its text becomes key bytes,
 * for every module (the receiver's verifier, the config check, the sender's and the sinks'
 * signing, the CLI, the tests).
 *
 * <p>The rule is the reference library's (com.standardwebhooks 1.1.1, {@code WebhookBase(String)}:
 * strip a leading {@code whsec_} if present, then {@code Base64.getDecoder().decode} the rest, so
 * standard base64, RFC 4648 §4, padding optional), plus two refusals that library leaves to a
 * later failure: whitespace anywhere (a secret pasted with a stray space or newline is refused
 * with a clear message rather than silently trimmed into a different key) and an empty key.
 * Errors say which rule failed and never include the secret.
 *
 * <p>Only the platform's own signing key has a second spelling (raw text): see {@link SigningKey}.
 */
public final class WebhookSecret {
    public static final String PREFIX = "whsec_";

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key;
    }

    /** Parses a secret; throws {@link IllegalArgumentException} naming the broken rule, never the secret. */
    public static WebhookSecret parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("webhook secret is empty");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i)) || Character.isSpaceChar(text.charAt(i))) {
                throw new IllegalArgumentException("webhook secret contains whitespace");
            }
        }
        String encoded = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes the offending character: not repeated here.
            throw new IllegalArgumentException("webhook secret is not base64 after the optional whsec_ prefix");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("webhook secret holds no key bytes");
        }
        return new WebhookSecret(key);
    }

    /** The text of a secret with these key bytes: {@code whsec_} + base64. */
    public static String format(byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("webhook secret holds no key bytes");
        }
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The HMAC key (a copy). */
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookSecret other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "WebhookSecret[redacted]";
    }
}
