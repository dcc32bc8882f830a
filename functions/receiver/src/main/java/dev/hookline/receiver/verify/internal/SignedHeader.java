package dev.hookline.receiver.verify.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code t=<unix>,v1=<sig>[,v1=<sig>]} header (Stripe, generic HMAC). Parsed strictly: an empty
 * part (repeated separators), a part without {@code key=}, or a second {@code t} (which one was
 * signed?) makes the whole header invalid; no sender produces them. Other versions' signatures
 * ({@code v0=}) are ignored, and {@code v1} values that are not 32 bytes of hex are dropped (Stripe
 * may add test-mode signatures beside the live one).
 *
 * @param timestamp the {@code t} value, or null
 * @param v1        the {@code v1} values, decoded from hex; undecodable ones dropped
 */
record SignedHeader(String timestamp, List<byte[]> v1) {

    /** Parses the header, or returns null when it is absent, oversized, malformed or ambiguous. */
    static SignedHeader parse(String header) {
        if (header == null || header.length() > Signatures.MAX_HEADER_LENGTH) {
            return null;
        }
        String timestamp = null;
        List<byte[]> v1 = new ArrayList<>();
        int parts = 0;
        int start = 0;
        while (start <= header.length()) {
            int end = header.indexOf(',', start);
            if (end < 0) {
                end = header.length();
            }
            if (++parts > Signatures.MAX_CANDIDATES * 2) {
                return null;
            }
            String part = header.substring(start, end).trim();
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (key.equals("t")) {
                if (timestamp != null) {
                    return null;
                }
                timestamp = value;
            } else if (key.equals("v1")) {
                byte[] sig = Signatures.hexSha256OrNull(value);
                if (sig != null) {
                    v1.add(sig);
                }
            }
            start = end + 1;
        }
        return new SignedHeader(timestamp, v1);
    }
}
