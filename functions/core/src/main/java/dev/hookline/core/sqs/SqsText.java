package dev.hookline.core.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.hookline.core.json.Json;
import java.util.Locale;

/**
 * Text that SQS accepts. A message body or string attribute may hold only {@code #x9 | #xA | #xD |
 * #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF}; SQS refuses the whole request for any
 * other character (SendMessage API reference, MessageBody: "A message can include only XML, JSON,
 * and unformatted text. The following Unicode characters are allowed ..."). Valid UTF-8 from a
 * provider can hold U+FFFE, U+FFFF or control characters, so every message hookline puts on a
 * queue is written here:
 *
 * <ul>
 * <li>bodies are JSON written by {@link #json}: every character SQS refuses is escaped as
 *     {@code \\uXXXX} inside its string, which is still valid JSON and parses back to the very same
 *     string, so a payload survives byte for byte;</li>
 * <li>string attributes (only used for filtering) go through {@link #attribute}, which replaces
 *     such characters with U+FFFD.</li>
 * </ul>
 *
 * Sizes must be measured on what this class returns: escaping makes the text longer.
 */
public final class SqsText {
    private static final ObjectWriter WRITER = Json.MAPPER.writer().with(new SqsEscapes());

    private SqsText() {
    }

    /** Whether SQS accepts this code point in a message body or attribute. */
    public static boolean allowed(int codePoint) {
        return codePoint == 0x9 || codePoint == 0xA || codePoint == 0xD
                || (codePoint >= 0x20 && codePoint <= 0xD7FF)
                || (codePoint >= 0xE000 && codePoint <= 0xFFFD)
                || (codePoint >= 0x10000 && codePoint <= 0x10FFFF);
    }

    /**
     * Index of the first character SQS would refuse, or -1. A lone surrogate counts as refused
     * (it is no character at all); a valid pair is a code point from U+10000 up, which is allowed.
     */
    public static int firstRefused(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!allowed(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    /**
     * The tree as JSON text SQS accepts, parsing back to the same tree. The one exception: an
     * unpaired surrogate (no character, so not encodable in UTF-8 at all) becomes U+FFFD.
     */
    public static String json(JsonNode node) {
        String text;
        try {
            text = WRITER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
        int refused = firstRefused(text);
        return refused < 0 ? text : replaceLoneSurrogates(text, refused);
    }

    /**
     * After {@link SqsEscapes} the only refused characters left are unpaired surrogates, and they
     * can only stand inside JSON strings (outside them the text is ASCII): each becomes the
     * six-character escape of U+FFFD, which keeps the JSON valid.
     */
    private static String replaceLoneSurrogates(String text, int from) {
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, from);
        for (int i = from; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (allowed(cp)) {
                out.appendCodePoint(cp);
            } else {
                out.append("\\uFFFD");
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** A string attribute value SQS accepts: every refused character becomes U+FFFD. */
    public static String attribute(String value) {
        if (value == null || firstRefused(value) < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> out.appendCodePoint(allowed(cp) ? cp : 0xFFFD));
        return out.toString();
    }

    /**
     * Jackson's standard escapes (quote, backslash, every control character below U+0020), plus
     * {@code \\uXXXX} for the two left that SQS refuses: U+FFFE and U+FFFF. Jackson asks about one
     * UTF-16 unit at a time, so a surrogate's pairing is not visible here and both halves pass;
     * an unpaired one cannot come from a decoded UTF-8 body (bodies that are not valid UTF-8
     * travel as base64).
     */
    private static final class SqsEscapes extends CharacterEscapes {
        private static final int[] ASCII = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ASCII;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == 0xFFFE || ch == 0xFFFF) {
                return new SerializedString(String.format(Locale.ROOT, "\\u%04X", ch));
            }
            return null;
        }
    }
}
