package dev.hookline.core.outbound.ssrf;

import java.util.Locale;

/**
 * Reads IP address literals in every spelling a resolver might accept, so none of them reaches
 * DNS or the socket layer unchecked. IPv4 follows {@code inet_aton}: one to four parts, each
 * decimal, octal (leading {@code 0}) or hex ({@code 0x}), the last part filling the remaining
 * bytes ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1}). IPv6 is parsed
 * here too (with or without brackets, embedded dotted IPv4 allowed); zone ids are refused.
 */
public final class HostLiterals {
    private HostLiterals() {
    }

    /** What a URL host is. */
    public sealed interface Host permits Literal, Name, Malformed {
    }

    /** An IP literal: 4 or 16 bytes. */
    public record Literal(byte[] address) implements Host {
    }

    /** A name to resolve through DNS. */
    public record Name(String name) implements Host {
    }

    /** Looks numeric but is no valid address ({@code 256.1.1.1}, {@code 08.0.0.1}): refused, never resolved. */
    public record Malformed(String reason) implements Host {
    }

    public static Host classify(String host) {
        if (host == null || host.isEmpty()) {
            return new Malformed("no host");
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") || h.indexOf(':') >= 0) {
            byte[] v6 = parseIpv6(h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h);
            return v6 == null ? new Malformed("not a valid IPv6 literal") : new Literal(v6);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (looksNumeric(h)) {
            byte[] v4 = parseIpv4(h);
            return v4 == null ? new Malformed("a numeric host that is not a valid IPv4 address") : new Literal(v4);
        }
        return new Name(h);
    }

    /** Parses an IPv4 (any inet_aton spelling) or IPv6 literal; null if it is neither. */
    public static byte[] parseIpLiteral(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("[") || t.indexOf(':') >= 0) {
            return parseIpv6(t.startsWith("[") && t.endsWith("]") ? t.substring(1, t.length() - 1) : t);
        }
        return parseIpv4(t);
    }

    /** Every dot-separated part starts with a digit: a resolver would read it as an address, never as a name. */
    private static boolean looksNumeric(String h) {
        for (String part : h.split("\\.", -1)) {
            if (part.isEmpty() || !Character.isDigit(part.charAt(0))) {
                return false;
            }
        }
        return true;
    }

    static byte[] parseIpv4(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Long v = number(parts[i]);
            if (v == null) {
                return null;
            }
            values[i] = v;
        }
        long result = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 0xff) {
                return null;
            }
            result |= values[i] << (8 * (3 - i));
        }
        int remainingBytes = 4 - (parts.length - 1);
        long last = values[parts.length - 1];
        if (last >= (1L << (8 * remainingBytes))) {
            return null;
        }
        result |= last;
        return new byte[] {(byte) (result >>> 24), (byte) (result >>> 16), (byte) (result >>> 8), (byte) result};
    }

    private static Long number(String part) {
        if (part.isEmpty() || part.length() > 32) {
            return null;
        }
        try {
            if (part.startsWith("0x")) {
                String hex = part.substring(2);
                return hex.isEmpty() ? 0L : Long.parseLong(hex, 16);
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return Long.parseLong(part.substring(1), 8);
            }
            return Long.parseLong(part, 10);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** RFC 4291 text forms, including {@code ::} compression and a trailing dotted IPv4. */
    static byte[] parseIpv6(String text) {
        if (text.isEmpty() || text.indexOf('%') >= 0 || !text.matches("[0-9a-f:.]+")) {
            return null;
        }
        String s = text;
        if (s.indexOf('.') >= 0) {
            int lastColon = s.lastIndexOf(':');
            if (lastColon < 0) {
                return null;
            }
            byte[] v4 = parseStrictDotted(s.substring(lastColon + 1));
            if (v4 == null) {
                return null;
            }
            s = s.substring(0, lastColon + 1) + Integer.toHexString(((v4[0] & 0xff) << 8) | (v4[1] & 0xff)) + ":"
                    + Integer.toHexString(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
        }
        int dc = s.indexOf("::");
        if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
            return null;
        }
        String[] head;
        String[] rest;
        if (dc >= 0) {
            head = split(s.substring(0, dc));
            rest = split(s.substring(dc + 2));
            if (head == null || rest == null || head.length + rest.length > 7) {
                return null;
            }
        } else {
            head = split(s);
            rest = new String[0];
            if (head == null || head.length != 8) {
                return null;
            }
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.length; i++) {
            if (!group(head[i], out, i * 2)) {
                return null;
            }
        }
        int restStart = 16 - rest.length * 2;
        for (int j = 0; j < rest.length; j++) {
            if (!group(rest[j], out, restStart + j * 2)) {
                return null;
            }
        }
        return out;
    }

    private static String[] split(String s) {
        if (s.isEmpty()) {
            return new String[0];
        }
        String[] parts = s.split(":", -1);
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
        }
        return parts;
    }

    private static boolean group(String g, byte[] out, int at) {
        int v;
        try {
            v = Integer.parseInt(g, 16);
        } catch (NumberFormatException e) {
            return false;
        }
        out[at] = (byte) (v >>> 8);
        out[at + 1] = (byte) v;
        return true;
    }

    private static byte[] parseStrictDotted(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("\\d{1,3}")) {
                return null;
            }
            int v = Integer.parseInt(parts[i]);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }
}
