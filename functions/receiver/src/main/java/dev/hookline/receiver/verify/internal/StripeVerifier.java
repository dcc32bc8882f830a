package dev.hookline.receiver.verify.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.config.SourceConfig;
import dev.hookline.core.json.Json;
import dev.hookline.receiver.verify.SignatureVerifier;
import dev.hookline.receiver.verify.Verification;
import dev.hookline.receiver.verify.WebhookRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Stripe: {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>]}, hex HMAC-SHA256 over
 * {@code t.body} keyed with the whole secret string ({@code whsec_} included). Stripe only refuses
 * old timestamps; we refuse future ones beyond the tolerance too, as for every timestamped scheme.
 */
public final class StripeVerifier implements SignatureVerifier {
    private final List<byte[]> keys;
    private final Duration tolerance;
    private final Clock clock;

    public StripeVerifier(SourceConfig source, Clock clock) {
        this.keys = Signatures.utf8Keys(source.secrets());
        this.tolerance = source.tolerance();
        this.clock = clock;
    }

    @Override
    public Verification verify(WebhookRequest request) {
        String header = request.header("Stripe-Signature");
        if (header == null) {
            return Verification.rejected("missing Stripe-Signature header");
        }
        SignedHeader signed = SignedHeader.parse(header);
        if (signed == null || signed.timestamp() == null || signed.v1().isEmpty()) {
            return Verification.rejected("malformed Stripe-Signature header");
        }
        if (!Timestamps.withinTolerance(signed.timestamp(), clock, tolerance)) {
            return Verification.rejected("timestamp malformed or outside tolerance");
        }
        if (!Signatures.anyMatches(keys, signed.v1(), Signatures.utf8(signed.timestamp()), Signatures.DOT,
                request.body())) {
            return Verification.rejected("no signature matched");
        }
        JsonNode body = Bodies.jsonObject(request.body());
        if (body == null) {
            return Verification.invalid("body is not a JSON object");
        }
        return Bodies.event(Json.text(body, "id"), Json.text(body, "type"));
    }
}
