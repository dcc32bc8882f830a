package dev.hookline.receiver.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.core.config.Scheme;
import dev.hookline.receiver.testing.Signers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardWebhooksVerifierTest extends TimestampedSchemeContract {
    @Override Scheme scheme() { return Scheme.STANDARD_WEBHOOKS; }
    @Override String signatureHeader() { return "webhook-signature"; }
    @Override String expectedType() { return "invoice.paid"; }

    @Override
    byte[] body() {
        return Signers.utf8("{\"type\":\"invoice.paid\",\"data\":{\"amount\":1000}}");
    }

    @Override
    Map<String, String> sign(String secret, String timestamp, byte[] body) {
        return Map.of("webhook-id", "evt_1", "webhook-timestamp", timestamp,
                "webhook-signature", Signers.standardWebhooks(secret, "evt_1", timestamp, body));
    }

    @Override
    Map<String, String> signWithoutEventId(String secret, byte[] body) {
        // The id is signed, so an unusable one can only be a signed one: a control character.
        String id = "evt\u0001";
        String ts = Long.toString(NOW);
        return Map.of("webhook-id", id, "webhook-timestamp", ts,
                "webhook-signature", Signers.standardWebhooks(secret, id, ts, body));
    }

    @Override
    List<String> malformedSignatures() {
        String valid = signNow(SECRET_A).get("webhook-signature");
        return List.of("v1,", "v1", "v1,,", "v1 ,x", valid.replace(",", ""), valid + "  " + valid, " " + valid,
                valid + " ", "v2," + valid.substring(3), "v1a," + valid.substring(3), "v1," + "A".repeat(44));
    }

    @Test
    void acceptsSvixHeaderNames() {
        Map<String, String> svix = new HashMap<>();
        signNow(SECRET_A).forEach((name, value) -> svix.put(name.replace("webhook-", "svix-"), value));
        assertEquals(Verification.verified("evt_1", "invoice.paid"), verify(svix, body()));
    }

    @Test
    void acceptsAnyMatchingSignatureOfAList() {
        String valid = signNow(SECRET_A).get("webhook-signature");
        Map<String, String> headers = new HashMap<>(signNow(SECRET_A));
        headers.put("webhook-signature", "v1,bm90IHRoZSByaWdodCBzaWduYXR1cmUgYXQgYWxsIQ== " + valid);
        assertEquals(Verification.Outcome.VERIFIED, verify(headers, body()).outcome());
    }

    @Test
    void rejectsIdThatWasNotSigned() {
        Map<String, String> headers = new HashMap<>(signNow(SECRET_A));
        headers.put("webhook-id", "evt_other");
        assertRejected(verify(headers, body()), "id swapped after signing");
    }
}
