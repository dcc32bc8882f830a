package dev.hookline.receiver.verify.internal;

import dev.hookline.core.crypto.Hmac;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;

/** Decoding of signature strings and the any-secret-matches-any-signature check. */
final class Signatures {
    /**
     * The longest signature header we read. Real ones are under 1 KB even with several signatures;
     * anything longer is refused before it is split or decoded, so a 100 KB header costs nothing.
     */
    static final int MAX_HEADER_LENGTH = 4096;
    /** Most signatures one header may offer (rotation needs two or three). */
    static final int MAX_CANDIDATES = 16;
    static final byte[] DOT = {'.'};

    private Signatures() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Hex to bytes, or null when it is not exactly 32 bytes of hex (an HMAC-SHA256). */
    static byte[] hexSha256OrNull(String hex) {
        if (hex == null || hex.length() != 64) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Base64 to bytes, or null when it is not base64 of 32 bytes. */
    static byte[] base64Sha256OrNull(String b64) {
        if (b64 == null || b64.length() != 44) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(b64);
            return bytes.length == 32 ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Whether any key signs {@code parts} to any of the candidates. Every comparison is constant
     * time; which secret matched is not secret, so stopping at the first match is fine.
     */
    static boolean anyMatches(SecretKeys keys, List<byte[]> candidates, byte[]... parts) {
        if (candidates.isEmpty()) {
            return false;
        }
        for (Mac mac : keys.fresh()) {
            for (byte[] part : parts) {
                mac.update(part);
            }
            byte[] expected = mac.doFinal();
            for (byte[] candidate : candidates) {
                if (Hmac.equal(expected, candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

}
