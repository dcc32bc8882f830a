package dev.hookline.receiver.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.core.config.Scheme;
import dev.hookline.receiver.testing.Signers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShopifyVerifierTest extends SchemeVerifierContract {
    @Override Scheme scheme() { return Scheme.SHOPIFY; }
    @Override String signatureHeader() { return "X-Shopify-Hmac-Sha256"; }
    @Override String expectedType() { return "orders/create"; }

    @Override
    byte[] body() {
        return Signers.utf8("{\"id\":820982911946154508,\"email\":\"jon@example.com\",\"note\":\"evt_1\"}");
    }

    @Override
    Map<String, String> sign(String secret, String timestamp, byte[] body) {
        return Map.of("X-Shopify-Hmac-Sha256", Signers.shopify(secret, body), "X-Shopify-Webhook-Id", "evt_1",
                "X-Shopify-Topic", "orders/create");
    }

    @Override
    Map<String, String> signWithoutEventId(String secret, byte[] body) {
        return Map.of("X-Shopify-Hmac-Sha256", Signers.shopify(secret, body), "X-Shopify-Topic", "orders/create");
    }

    @Override
    List<String> malformedSignatures() {
        String valid = signNow(SECRET_A).get("X-Shopify-Hmac-Sha256");
        return List.of(valid.substring(0, 43), valid + "=", "sha256=" + valid, valid.replace('=', '!'),
                Signers.hex(java.util.Base64.getDecoder().decode(valid)), "*".repeat(44));
    }

    @Test
    void acceptsDeliveryAnyTimeLaterBecauseNoTimestampIsSigned() {
        Verification result = verify(List.of(SECRET_A), signNow(SECRET_A), body(), NOW + 30L * 86_400);
        assertEquals(Verification.Outcome.VERIFIED, result.outcome());
    }
}
