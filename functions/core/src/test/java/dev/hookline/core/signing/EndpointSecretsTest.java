package dev.hookline.core.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointSecretsTest {
    // Expected values computed independently (Python hmac/hashlib) from DESIGN §4's formula.
    private static final String WHSEC_KEY = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String RAW_KEY = "hookline-local-signing-key-0123456789";
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void derivesFromWhsecKeyUsingItsBase64DecodedBytes() {
        assertEquals("whsec_tGuBsdKUtZf3kyZ5QYC2lhNQNfO7HJsc",
                new EndpointSecrets(SigningKey.parse(WHSEC_KEY)).secret("ep_demo", 1));
    }

    @Test
    void derivesFromRawKeyUsingItsUtf8Bytes() {
        assertEquals("whsec_iaFidLY+hRMlpoCmBWGbnbRdNzhff9rn",
                new EndpointSecrets(SigningKey.parse(RAW_KEY)).secret("ep_demo", 2));
    }

    @Test
    void secretsDifferPerEndpointAndVersion() {
        EndpointSecrets secrets = new EndpointSecrets(SigningKey.parse(RAW_KEY));
        assertNotEquals(secrets.secret("ep_a", 1), secrets.secret("ep_b", 1));
        assertNotEquals(secrets.secret("ep_a", 1), secrets.secret("ep_a", 2));
        assertTrue(secrets.secret("ep_a", 1).startsWith("whsec_"));
    }

    @Test
    void onlyCurrentSecretSignsWithoutRotation() {
        EndpointSecrets secrets = new EndpointSecrets(SigningKey.parse(RAW_KEY));
        assertEquals(List.of(secrets.secret("ep", 1)), secrets.active(endpoint(1, null, null), NOW, Duration.ofHours(24)));
    }

    @Test
    void previousSecretSignsDuringGraceOnly() {
        EndpointSecrets secrets = new EndpointSecrets(SigningKey.parse(RAW_KEY));
        Endpoint rotated = endpoint(3, 2, NOW.minus(Duration.ofHours(23)));
        assertEquals(List.of(secrets.secret("ep", 3), secrets.secret("ep", 2)),
                secrets.active(rotated, NOW, Duration.ofHours(24)));
        Endpoint expired = endpoint(3, 2, NOW.minus(Duration.ofHours(25)));
        assertEquals(List.of(secrets.secret("ep", 3)), secrets.active(expired, NOW, Duration.ofHours(24)));
    }

    @Test
    void rejectsMissingShortOrMalformedKeysWithoutEchoingThem() {
        assertThrows(IllegalArgumentException.class, () -> SigningKey.parse(" "));
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.parse("tooshort"));
        assertTrue(!shortKey.getMessage().contains("tooshort"));
        assertThrows(IllegalArgumentException.class, () -> SigningKey.parse("whsec_!!!not-base64!!!"));
        assertEquals("SigningKey[redacted]", SigningKey.parse(RAW_KEY).toString());
    }

    private static Endpoint endpoint(int version, Integer previous, Instant rotatedAt) {
        return new Endpoint("ep", "https://example.com/hook", List.of("*"), EndpointStatus.ACTIVE, null, version,
                previous, rotatedAt, 0, null, null, null, NOW, NOW, null, null, null);
    }
}
