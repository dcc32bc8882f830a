package dev.hookline.core.endpoints;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Custom headers an owner asks the sender to add to each delivery. Names the sender or HTTP itself
 * controls are refused: a custom {@code webhook-signature} would forge the signature a receiver
 * checks, and {@code host}, {@code content-length} or {@code transfer-encoding} would break the
 * request's framing or its pinned destination.
 */
public final class EndpointHeaders {
    public static final int MAX_HEADERS = 20;
    private static final int MAX_VALUE = 1024;
    /** RFC 9110 §5.1 field-name token. */
    private static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    private static final Set<String> RESERVED = Set.of("host", "content-length", "content-type", "transfer-encoding",
            "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "proxy-authorization",
            "proxy-connection", "user-agent", "accept-encoding", "content-encoding");

    private EndpointHeaders() {
    }

    /** Null when the header may be sent, else why not (never echoing the value). */
    public static String problem(String name, String value) {
        if (name == null || !NAME.matcher(name).matches()) {
            return "not a valid header name (1-64 token characters)";
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (RESERVED.contains(lower) || lower.startsWith("webhook-") || lower.startsWith("svix-")
                || lower.startsWith("x-amz-")) {
            return "reserved: set by hookline or by HTTP itself";
        }
        if (value == null || value.length() > MAX_VALUE) {
            return "a string of at most " + MAX_VALUE + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // RFC 9110 §5.5: no CR, LF or NUL in a field value (they would split or end the header).
            if (c == '\r' || c == '\n' || c == 0 || c > 0xFF) {
                return "contains a character a header value cannot carry";
            }
        }
        return null;
    }

    /** Throws {@link IllegalArgumentException} for the first header that may not be sent. */
    public static void validate(Map<String, String> headers) {
        if (headers.size() > MAX_HEADERS) {
            throw new IllegalArgumentException("at most " + MAX_HEADERS + " custom headers");
        }
        headers.forEach((name, value) -> {
            String problem = problem(name, value);
            if (problem != null) {
                throw new IllegalArgumentException("header '" + name + "': " + problem);
            }
        });
    }
}
