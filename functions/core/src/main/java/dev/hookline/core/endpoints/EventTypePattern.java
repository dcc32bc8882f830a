package dev.hookline.core.endpoints;

import java.util.regex.Pattern;

/**
 * Event-type filters: {@code *} (everything), an exact type ({@code invoice.paid}) or a prefix
 * pattern ({@code invoice.*}, which matches {@code invoice.paid} and {@code invoice.item.added}
 * but not {@code invoice} itself nor {@code invoices.x}).
 */
public final class EventTypePattern {
    private static final Pattern VALID = Pattern.compile("\\*|[A-Za-z0-9_:/\\-]+(\\.[A-Za-z0-9_:/\\-]+)*(\\.\\*)?");
    private static final int MAX_LENGTH = 200;

    private EventTypePattern() {
    }

    public static boolean matches(String pattern, String type) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith(".*")) {
            String prefix = pattern.substring(0, pattern.length() - 1); // keeps the dot
            return type.startsWith(prefix) && type.length() > prefix.length();
        }
        return pattern.equals(type);
    }

    /** Throws {@link IllegalArgumentException} saying what a valid pattern looks like. */
    public static void validate(String pattern) {
        if (pattern == null || pattern.isEmpty() || pattern.length() > MAX_LENGTH || !VALID.matcher(pattern).matches()) {
            throw new IllegalArgumentException("event type pattern '" + pattern + "' is not valid: use '*', an exact "
                    + "type such as 'invoice.paid', or a prefix such as 'invoice.*' (letters, digits, _ : / - "
                    + "between dots; '*' only whole or after the last dot)");
        }
    }
}
