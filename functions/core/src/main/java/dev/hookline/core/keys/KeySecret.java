package dev.hookline.core.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secret of an API key, {@code hk_} + 32 random bytes in unpadded base64url (43 characters),
 * and what is stored in its place: its SHA-256.
 *
 * <p>A plain SHA-256 is enough here, unlike for passwords: the secret has 256 bits of entropy, so
 * no dictionary or brute-force search of the hash is feasible, and a slow hash (bcrypt, Argon2)
 * would only add tens of milliseconds to every API request. The key's public id is taken from the
 * same hash ({@code key_} + its first 8 bytes in hex), so a presented key is looked up by one
 * GetItem and then compared in full, in constant time, against the stored hash.
 */
public final class KeySecret {
    public static final String PREFIX = "hk_";
    private static final int RANDOM_BYTES = 32;
    /** Longest bearer value looked at; anything longer is refused before hashing. */
    public static final int MAX_LENGTH = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeySecret() {
    }

    /** A fresh secret. */
    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a presented value has the shape of a key (checked before any lookup). */
    public static boolean wellFormed(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() <= PREFIX.length()
                || presented.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = PREFIX.length(); i < presented.length(); i++) {
            char c = presented.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** SHA-256 of the secret's UTF-8 bytes. */
    public static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The public id of the key whose secret hashes to {@code hash}. */
    public static String idOf(byte[] hash) {
        return "key_" + HexFormat.of().formatHex(hash, 0, 8);
    }

    /** Whether {@code id} has the shape {@link #idOf} gives. */
    public static boolean isId(String id) {
        return id != null && id.matches("key_[0-9a-f]{16}");
    }
}
