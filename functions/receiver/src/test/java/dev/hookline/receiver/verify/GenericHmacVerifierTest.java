package dev.hookline.receiver.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        return Signers.utf8("{\"id\":\"evt_body\",\"type\":\"payment.succeeded\",\"data\":{\"amount\":1000}}");
    }

    @Override
    Map<String, String> sign(String secret, String timestamp, byte[] body) {
        return Map.of("X-Webhook-Signature", Signers.timestampedHex(secret, timestamp, body), "X-Webhook-Id", "evt_1");
    }

    @Override
    Map<String, String> signWithoutEventId(String secret, byte[] body) {
        byte[] noId = Signers.utf8("{\"type\":\"payment.succeeded\"}");
        return Map.of("X-Webhook-Signature", Signers.timestampedHex(secret, Long.toString(NOW), noId));
    }

    @Override
    @Test
    void refusesVerifiedRequestWithoutEventIdAsBadRequest() {
        byte[] noId = Signers.utf8("{\"type\":\"payment.succeeded\"}");
        assertEquals(Verification.Outcome.INVALID, verify(signWithoutEventId(SECRET_A, noId), noId).outcome());
    }

    @Override
    List<String> malformedSignatures() {
        String valid = signNow(SECRET_A).get("X-Webhook-Signature");
        String v1 = valid.substring(valid.indexOf("v1="));
        return List.of("t=,v1=", "t=" + NOW, v1, "t=" + NOW + ",," + v1, valid + ",", ",," + valid,
                "t=" + NOW + ",t=" + NOW + "," + v1, valid.replace("v1=", "v2="));
    }

    @Test
    void fallsBackToTheBodyIdWithoutTheIdHeader() {
        Map<String, String> headers = Map.of("X-Webhook-Signature", signNow(SECRET_A).get("X-Webhook-Signature"));
        assertEquals(Verification.verified("evt_body", "payment.succeeded"), verify(headers, body()));
    }

    @Test
    void readsConfiguredHeaderNames() {
        SourceConfig source = new SourceConfig("acme", Scheme.HMAC, List.of(SECRET_A), SourceConfig.DEFAULT_TOLERANCE,
                Map.of("signature", "X-Acme-Signature", "id", "X-Acme-Delivery"));
        Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
        Map<String, String> headers = Map.of(
                "x-acme-signature", Signers.timestampedHex(SECRET_A, Long.toString(NOW), body()),
                "X-ACME-DELIVERY", "d-77");
        assertEquals(Verification.verified("d-77", "payment.succeeded"),
                SignatureVerifier.forSource(source, clock).verify(WebhookRequest.of(headers, body())));
        Map<String, String> defaultName = Map.of("X-Webhook-Signature", headers.get("x-acme-signature"));
        assertEquals(Verification.Outcome.REJECTED,
                SignatureVerifier.forSource(source, clock).verify(WebhookRequest.of(defaultName, body())).outcome());
    }
}
