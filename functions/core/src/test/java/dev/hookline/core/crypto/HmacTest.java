package dev.hookline.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HmacTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void matchesGithubsPublishedExample() {
        // GitHub's documentation example: secret "It's a Secret to Everybody", payload "Hello, World!".
        assertEquals("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                HexFormat.of().formatHex(Hmac.sha256("It's a Secret to Everybody", utf8("Hello, World!"))));
    }

    @Test
    void partsAreHashedAsOneConcatenation() {
        assertEquals(HexFormat.of().formatHex(Hmac.sha256("k", utf8("t.body"))),
                HexFormat.of().formatHex(Hmac.sha256("k", utf8("t"), utf8("."), utf8("body"))));
    }

    @Test
    void equalComparesWholeArraysAndRejectsNull() {
        assertTrue(Hmac.equal(new byte[] {1, 2}, new byte[] {1, 2}));
        assertFalse(Hmac.equal(new byte[] {1, 2}, new byte[] {1, 3}));
        assertFalse(Hmac.equal(new byte[] {1, 2}, new byte[] {1, 2, 3}));
        assertFalse(Hmac.equal(null, new byte[] {1}));
    }
}
