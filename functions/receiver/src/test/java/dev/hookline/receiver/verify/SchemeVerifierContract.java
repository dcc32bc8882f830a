package dev.hookline.receiver.verify;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.config.Scheme;
import dev.hookline.core.config.SourceConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every scheme must do, run once per scheme by its subclass: accept a valid signature from any
 * secret of a rotation, and refuse tampered bodies, wrong secrets, missing and malformed headers
 * (with a 401, never an exception).
 */
abstract class SchemeVerifierContract {
    static final long NOW = 1_700_000_000L;
    static final String SECRET_A = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String SECRET_B = "whsec_dGhlIHNlY29uZCBzZWNyZXQgb2YgYSByb3RhdGlvbg==";

    abstract Scheme scheme();

    /** A body carrying what the scheme reads from it (event id, type), for event {@code evt_1}. */
    abstract byte[] body();

    /** Complete request headers (signature, id, type, timestamp) signed with {@code secret} at {@code timestamp}. */
    abstract Map<String, String> sign(String secret, String timestamp, byte[] body);

    /** The name of the header holding the signature. */
    abstract String signatureHeader();

    /** The event type {@link #sign} and {@link #body} describe. */
    abstract String expectedType();

    /** Scheme-specific malformed values of the signature header. */
    abstract List<String> malformedSignatures();

    /** A body the signature covers but without an event id the scheme can read (or headers without it). */
    abstract Map<String, String> signWithoutEventId(String secret, byte[] body);

    Verification verify(List<String> secrets, Map<String, String> headers, byte[] body, long now) {
        SourceConfig source = new SourceConfig("src", scheme(), secrets, SourceConfig.DEFAULT_TOLERANCE, Map.of());
        Clock clock = Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC);
        return SignatureVerifier.forSource(source, clock).verify(WebhookRequest.of(headers, body));
    }

    Verification verify(Map<String, String> headers, byte[] body) {
        return verify(List.of(SECRET_A), headers, body, NOW);
    }

    Map<String, String> signNow(String secret) {
        return sign(secret, Long.toString(NOW), body());
    }

    static void assertRejected(Verification verification, String what) {
        assertEquals(Verification.Outcome.REJECTED, verification.outcome(), what);
    }

    @Test
    void acceptsValidSignatureAndReadsIdAndType() {
        assertEquals(Verification.verified("evt_1", expectedType()), verify(signNow(SECRET_A), body()));
    }

    @Test
    void rejectsTamperedBody() {
        byte[] tampered = body().clone();
        tampered[tampered.length - 2] ^= 1;
        assertRejected(verify(signNow(SECRET_A), tampered), "tampered body");
    }

    @Test
    void rejectsWrongSecret() {
        assertRejected(verify(signNow(SECRET_B), body()), "signed with a secret the source does not hold");
    }

    @Test
    void acceptsSecondSecretOfRotation() {
        Verification result = verify(List.of(SECRET_A, SECRET_B), signNow(SECRET_B), body(), NOW);
        assertEquals(Verification.Outcome.VERIFIED, result.outcome());
    }

    @Test
    void rejectsMissingSignatureHeader() {
        Map<String, String> headers = new HashMap<>(signNow(SECRET_A));
        assertTrue(headers.remove(signatureHeader()) != null);
        assertRejected(verify(headers, body()), "no signature header");
    }

    @Test
    void readsHeaderNamesInAnyCase() {
        Map<String, String> upper = new HashMap<>();
        signNow(SECRET_A).forEach((name, value) -> upper.put(name.toUpperCase(Locale.ROOT), value));
        assertEquals(Verification.Outcome.VERIFIED, verify(upper, body()).outcome());
    }

    @Test
    void rejectsMalformedSignatureHeaders() {
        String valid = signNow(SECRET_A).get(signatureHeader());
        List<String> malformed = new ArrayList<>(malformedSignatures());
        malformed.add("");
        malformed.add(" ");
        malformed.add(",");
        malformed.add(",,,,,,");
        malformed.add("=");
        malformed.add("==========");
        malformed.add(valid + "x");
        malformed.add("a".repeat(100 * 1024));
        malformed.add(",".repeat(100 * 1024));
        malformed.add(valid + " ".repeat(100 * 1024) + valid);
        malformed.add((valid + ",").repeat(100 * 1024 / valid.length()));
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        for (String value : malformed) {
            checks.add(() -> {
                Map<String, String> headers = new HashMap<>(signNow(SECRET_A));
                headers.put(signatureHeader(), value);
                String shown = value.length() > 60 ? value.substring(0, 60) + "... (" + value.length() + " chars)" : value;
                assertRejected(verify(headers, body()), "signature header '" + shown + "'");
            });
        }
        assertAll(checks);
    }

    @Test
    void refusesVerifiedRequestWithoutEventIdAsBadRequest() {
        assertEquals(Verification.Outcome.INVALID, verify(signWithoutEventId(SECRET_A, body()), body()).outcome());
    }
}
