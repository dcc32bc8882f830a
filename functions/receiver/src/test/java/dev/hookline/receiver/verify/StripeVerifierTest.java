package dev.hookline.receiver.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.core.config.Scheme;
import dev.hookline.receiver.testing.Signers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StripeVerifierTest extends TimestampedSchemeContract {
    @Override Scheme scheme() { return Scheme.STRIPE; }
    @Override String signatureHeader() { return "Stripe-Signature"; }
    @Override String expectedType() { return "payment_intent.succeeded"; }

    @Override
    byte[] body() {
        return Signers.utf8("{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\"}");
    }

    @Override
    Map<String, String> sign(String secret, String timestamp, byte[] body) {
        return Map.of("Stripe-Signature", Signers.timestampedHex(secret, timestamp, body));
    }

    @Override
    Map<String, String> signWithoutEventId(String secret, byte[] body) {
        return sign(secret, Long.toString(NOW), body);
    }

    @Override
    @Test
    void refusesVerifiedRequestWithoutEventIdAsBadRequest() {
        byte[] noId = Signers.utf8("{\"object\":\"event\",\"type\":\"payment_intent.succeeded\"}");
        assertEquals(Verification.Outcome.INVALID, verify(sign(SECRET_A, Long.toString(NOW), noId), noId).outcome());
        byte[] notJson = Signers.utf8("id=evt_1&type=x");
        assertEquals(Verification.Outcome.INVALID,
                verify(sign(SECRET_A, Long.toString(NOW), notJson), notJson).outcome());
    }

    @Override
    List<String> malformedSignatures() {
        String valid = signNow(SECRET_A).get("Stripe-Signature");
        String v1 = valid.substring(valid.indexOf("v1="));
        return List.of("t=,v1=", "t=" + NOW, v1, "t=" + NOW + ",,", "t=" + NOW + ",," + v1, ",," + valid,
                valid + ",", "t=" + NOW + ",t=" + NOW + "," + v1, "t" + NOW + "," + v1, "=" + NOW + "," + v1,
                valid.replace("v1=", "v0="), valid.replace(",", ";"));
    }

    @Test
    void acceptsWhenAnyOfSeveralV1SignaturesMatches() {
        String valid = signNow(SECRET_A).get("Stripe-Signature");
        String header = "t=" + NOW + ",v1=" + "0".repeat(64) + "," + valid.substring(valid.indexOf("v1="));
        assertEquals(Verification.Outcome.VERIFIED, verify(Map.of("Stripe-Signature", header), body()).outcome());
    }
}
