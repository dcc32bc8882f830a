package dev.hookline.receiver.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.config.Scheme;
import dev.hookline.core.config.SourceConfig;
import dev.hookline.receiver.testing.Signers;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenericHmacVerifierTest extends TimestampedSchemeContract {
    @Override Scheme scheme() { return Scheme.HMAC; }
    @Override String signatureHeader() { return "X-Webhook-Signature"; }
    @Override String expectedType() { return "payment.succeeded"; }

    @Override
    byte[] body() {
        return Signers.utf8("{\"id\":\"evt_1\",\"type\":\"payment.succeeded\",\"data\":{\"amount\":1000}}");
    }

    @Override
    Map<String, String> sign(String secret, String timestamp, byte[] body) {
        // The id header is not signed: whatever it says, the body's id is the event id.
        return Map.of("X-Webhook-Signature", Signers.timestampedHex(secret, timestamp, body), "X-Webhook-Id", "evt_header");
    }

    /** A body whose {@code id} is there but cannot be an event id. */
    private static final byte[] UNUSABLE_ID = Signers.utf8("{\"id\":{\"nested\":1},\"type\":\"payment.succeeded\"}");

    @Override
    Map<String, String> signWithoutEventId(String secret, byte[] body) {
        return Map.of("X-Webhook-Signature", Signers.timestampedHex(secret, Long.toString(NOW), UNUSABLE_ID));
    }

    @Override
    @Test
    void refusesVerifiedRequestWithoutEventIdAsBadRequest() {
        // A body without an id gets one derived from the signature; an id that is no id is a 400.
        assertEquals(Verification.Outcome.INVALID, verify(signWithoutEventId(SECRET_A, UNUSABLE_ID), UNUSABLE_ID).outcome());
    }

    @Override
    List<String> malformedSignatures() {
        String valid = signNow(SECRET_A).get("X-Webhook-Signature");
        String v1 = valid.substring(valid.indexOf("v1="));
        return List.of("t=,v1=", "t=" + NOW, v1, "t=" + NOW + ",," + v1, valid + ",", ",," + valid,
                "t=" + NOW + ",t=" + NOW + "," + v1, valid.replace("v1=", "v2="));
    }

    @Test
    void theSignedBodyIdWinsOverTheUnsignedIdHeader() {
        Map<String, String> headers = Map.of("X-Webhook-Signature", signNow(SECRET_A).get("X-Webhook-Signature"),
                "X-Webhook-Id", "fresh-id-from-a-replay");
        assertEquals(Verification.verified("evt_1", "payment.succeeded"), verify(headers, body()));
    }

    @Test
    void withoutABodyIdAReplayWithAFreshIdHeaderIsTheSameEvent() {
        byte[] noId = Signers.utf8("{\"type\":\"payment.succeeded\"}");
        String signature = Signers.timestampedHex(SECRET_A, Long.toString(NOW), noId);
        Verification original = verify(Map.of("X-Webhook-Signature", signature, "X-Webhook-Id", "d-1"), noId);
        Verification replay = verify(Map.of("X-Webhook-Signature", signature, "X-Webhook-Id", "d-2"), noId);

        assertEquals(Verification.Outcome.VERIFIED, original.outcome());
        assertEquals(original, replay, "the id comes from what is signed, so the replay is a duplicate");
        assertTrue(original.eventId().matches("sig_[0-9a-f]{64}"), original.eventId());
        Verification resigned = verify(Map.of("X-Webhook-Signature",
                Signers.timestampedHex(SECRET_A, Long.toString(NOW - 1), noId)), noId);
        assertNotEquals(original.eventId(), resigned.eventId(), "another signed timestamp is another request");
    }

    @Test
    void readsConfiguredHeaderNames() {
        SourceConfig source = new SourceConfig("acme", Scheme.HMAC, List.of(SECRET_A), SourceConfig.DEFAULT_TOLERANCE,
                Map.of("signature", "X-Acme-Signature", "id", "X-Acme-Delivery"));
        Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
        Map<String, String> headers = Map.of(
                "x-acme-signature", Signers.timestampedHex(SECRET_A, Long.toString(NOW), body()),
                "X-ACME-DELIVERY", "d-77");
        assertEquals(Verification.verified("evt_1", "payment.succeeded"),
                SignatureVerifier.forSource(source, clock).verify(WebhookRequest.of(headers, body())));
        Map<String, String> defaultName = Map.of("X-Webhook-Signature", headers.get("x-acme-signature"));
        assertEquals(Verification.Outcome.REJECTED,
                SignatureVerifier.forSource(source, clock).verify(WebhookRequest.of(defaultName, body())).outcome());
    }
}
