package dev.hookline.api.v1.events;

import dev.hookline.core.events.EventPayloads;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A published event's id when the caller names none: derived from its {@code Idempotency-Key}
 * (so a retried request claims the same event), else random. Both are {@code evt_} and 22
 * base64url characters (128 bits), inside {@link EventPayloads#ID}, so they need no escaping in a path.
 */
final class EventIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private EventIds() {
    }

    static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "evt_" + URL.encodeToString(bytes);
    }

    /** The key is the caller's within its tenant; the tenant is in the event's source already. */
    static String fromIdempotencyKey(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "evt_" + URL.encodeToString(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
