package dev.hookline.core.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardWebhooksTest {
    // The Standard Webhooks specification's example vector.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final Instant TS = Instant.ofEpochSecond(1614265330);
    private static final String PAYLOAD = "{\"test\": 2432232314}";
    private static final String OTHER = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @Test
    void signsTheSpecificationExample() {
        StandardWebhooks.Headers headers = StandardWebhooks.sign(ID, TS, PAYLOAD, List.of(SECRET));
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", headers.signature());
        assertEquals("1614265330", headers.timestamp());
        assertEquals(ID, headers.id());
    }

    @Test
    void signsOncePerSecretSpaceSeparated() {
        StandardWebhooks.Headers headers = StandardWebhooks.sign(ID, TS, PAYLOAD, List.of(SECRET, OTHER));
        String[] entries = headers.signature().split(" ");
        assertEquals(2, entries.length);
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", entries[0]);
        assertTrue(StandardWebhooks.verify(headers, PAYLOAD, List.of(OTHER), TS, Duration.ofMinutes(5)));
    }

    @Test
    void verifiesWithinToleranceOnly() {
        StandardWebhooks.Headers headers = StandardWebhooks.sign(ID, TS, PAYLOAD, List.of(SECRET));
        assertTrue(StandardWebhooks.verify(headers, PAYLOAD, List.of(SECRET), TS.plusSeconds(299),
                Duration.ofMinutes(5)));
        assertFalse(StandardWebhooks.verify(headers, PAYLOAD, List.of(SECRET), TS.plusSeconds(301),
                Duration.ofMinutes(5)));
    }

    @Test
    void rejectsTamperedPayloadWrongSecretAndGarbage() {
        StandardWebhooks.Headers headers = StandardWebhooks.sign(ID, TS, PAYLOAD, List.of(SECRET));
        Duration tolerance = Duration.ofMinutes(5);
        assertFalse(StandardWebhooks.verify(headers, PAYLOAD + " ", List.of(SECRET), TS, tolerance));
        assertFalse(StandardWebhooks.verify(headers, PAYLOAD, List.of(OTHER), TS, tolerance));
        assertFalse(StandardWebhooks.verify(new StandardWebhooks.Headers(ID, "soon", headers.signature()), PAYLOAD,
                List.of(SECRET), TS, tolerance));
        assertFalse(StandardWebhooks.verify(new StandardWebhooks.Headers(ID, headers.timestamp(), "v1,@@@ v2,abc"),
                PAYLOAD, List.of(SECRET), TS, tolerance));
    }

    @Test
    void refusesToSignWithoutSecrets() {
        assertThrows(IllegalArgumentException.class, () -> StandardWebhooks.sign(ID, TS, PAYLOAD, List.of()));
    }
}
