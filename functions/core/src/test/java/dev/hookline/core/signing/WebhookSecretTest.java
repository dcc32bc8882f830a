package dev.hookline.core.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WebhookSecretTest {
    /** The example secret of the Standard Webhooks specification (its README's test vector). */
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final byte[] SPEC_KEY = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

    @Test
    void decodesTheBase64AfterThePrefix() {
        assertArrayEquals(SPEC_KEY, WebhookSecret.parse(SPEC_SECRET).key());
    }

    @Test
    void acceptsASecretWithoutThePrefixAsTheReferenceLibrariesDo() {
        assertEquals(WebhookSecret.parse(SPEC_SECRET), WebhookSecret.parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    }

    @Test
    void paddingIsOptional() {
        byte[] key = "sixteen-byte-key!".getBytes(StandardCharsets.US_ASCII);
        String padded = Base64.getEncoder().encodeToString(key);
        String unpadded = Base64.getEncoder().withoutPadding().encodeToString(key);
        assertNotEquals(padded, unpadded, "the sample needs padding for this test to mean anything");
        assertArrayEquals(key, WebhookSecret.parse("whsec_" + unpadded).key());
        assertArrayEquals(key, WebhookSecret.parse("whsec_" + padded).key());
    }

    @Test
    void formatRoundTrips() {
        String text = WebhookSecret.format(SPEC_KEY);
        assertEquals(SPEC_SECRET, text);
        assertArrayEquals(SPEC_KEY, WebhookSecret.parse(text).key());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"whsec_", "whsec_="})
    void refusesASecretWithoutKeyBytes(String secret) {
        assertThrows(IllegalArgumentException.class, () -> WebhookSecret.parse(secret));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not base64            | whsec_not*base64!",
            "url-safe alphabet     | whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La-_Sw",
            "truncated group       | whsec_MfKQ9",
            "prefix in wrong case  | WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    })
    void refusesWhatIsNotBase64(String what, String secret) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WebhookSecret.parse(secret));
        assertFalse(e.getMessage().contains(secret.substring(6, 11)), what + ": the message echoes the secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {" whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n",
            "whsec_MfKQ9r8GKYqr TwjUPD8ILPZIo2LaLaSw", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\t",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\u00a0"})
    void refusesWhitespaceRatherThanTrimmingItIntoAnotherKey(String secret) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WebhookSecret.parse(secret));
        assertEquals("webhook secret contains whitespace", e.getMessage());
    }

    @Test
    void neverShowsItsKey() {
        WebhookSecret secret = WebhookSecret.parse(SPEC_SECRET);
        assertEquals("WebhookSecret[redacted]", secret.toString());
        byte[] copy = secret.key();
        copy[0] ^= 1;
        assertArrayEquals(SPEC_KEY, secret.key(), "key() hands out a copy");
    }

    @Test
    void formatRefusesAnEmptyKey() {
        assertThrows(IllegalArgumentException.class, () -> WebhookSecret.format(new byte[0]));
    }
}
