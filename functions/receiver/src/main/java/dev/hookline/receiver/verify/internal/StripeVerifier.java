package dev.hookline.receiver.verify.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.config.SourceConfig;
import dev.hookline.core.json.Json;
import dev.hookline.receiver.verify.SignatureVerifier;
import dev.hookline.receiver.verify.Verification;
import dev.hookline.receiver.verify.WebhookRequest;
import java.time.Clock;
import java.util.Optional;

/**
 * Stripe: {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>]}, hex HMAC-SHA256 over
 * {@code t.body} keyed with the whole secret string ({@code whsec_} included). Stripe only refuses
 * old timestamps; we refuse future ones beyond the tolerance too, as for every timestamped scheme.
 */
public final class StripeVerifier implements SignatureVerifier {
    private final TimestampedHmac signature;

    public StripeVerifier(SourceConfig source, Clock clock) {
        this.signature = new TimestampedHmac("Stripe-Signature", SecretKeys.utf8(source.secrets()),
                source.tolerance(), clock);
    }

    @Override
    public Verification verify(WebhookRequest request) {
        Optional<Verification> refusal = signature.refusal(request);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        JsonNode body = Bodies.jsonObject(request.body());
        if (body == null) {
            return Verification.invalid("body is not a JSON object");
        }
        return Bodies.event(Json.text(body, "id"), Json.text(body, "type"));
    }
}
