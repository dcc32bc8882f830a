package dev.hookline.receiver.verify.internal;

import dev.hookline.core.config.SourceConfig;
import dev.hookline.receiver.verify.SignatureVerifier;
import dev.hookline.receiver.verify.Verification;
import dev.hookline.receiver.verify.WebhookRequest;
import java.util.List;

/**
 * Shopify: {@code X-Shopify-Hmac-Sha256: <base64>} over the body; id from
 * {@code X-Shopify-Webhook-Id}, type from {@code X-Shopify-Topic}. No timestamp is signed: replays
 * are stopped by the events table alone.
 */
public final class ShopifyVerifier implements SignatureVerifier {
    private final SecretKeys keys;

    public ShopifyVerifier(SourceConfig source) {
        this.keys = SecretKeys.utf8(source.secrets());
    }

    @Override
    public Verification verify(WebhookRequest request) {
        String header = request.header("X-Shopify-Hmac-Sha256");
        if (header == null) {
            return Verification.rejected("missing X-Shopify-Hmac-Sha256 header");
        }
        if (header.length() > Signatures.MAX_HEADER_LENGTH) {
            return Verification.rejected("oversized X-Shopify-Hmac-Sha256 header");
        }
        byte[] signature = Signatures.base64Sha256OrNull(header.trim());
        if (signature == null) {
            return Verification.rejected("malformed X-Shopify-Hmac-Sha256 header");
        }
        if (!Signatures.anyMatches(keys, List.of(signature), request.body())) {
            return Verification.rejected("no signature matched");
        }
        return Bodies.event(request.header("X-Shopify-Webhook-Id"), request.header("X-Shopify-Topic"));
    }
}
