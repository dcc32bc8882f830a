package dev.hookline.receiver.verify.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code t=<unix>,v1=<sig>[,v1=<sig>]} header (Stripe, generic HMAC). Empty parts and parts
 * without a key are skipped; other schemes' signatures ({@code v0=}) are ignored; a second
 * {@code t} makes the header invalid, since it is ambiguous which one was signed.
 *
 * @param timestamp the {@code t} value, or null
 * @param v1        the {@code v1} values, decoded from hex; undecodable ones dropped
 */
record SignedHeader(String timestamp, List<byte[]> v1) {

    /** Parses the header, or returns null when it is absent, oversized or ambiguous. */
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
            if (eq > 0) {
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
            }
            start = end + 1;
        }
        return new SignedHeader(timestamp, v1);
    }
}
