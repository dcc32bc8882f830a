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
 * The generic {@code hmac} scheme: {@code X-Webhook-Signature: t=<unix>,v1=<hex>}, hex HMAC-SHA256
 * over {@code t.body} keyed with the secret's UTF-8 bytes. The signature and id header names can be
 * changed per source ({@code headers.signature}, {@code headers.id}); the id falls back to the
 * body's {@code id}, the type is the body's {@code type}.
 */
public final class GenericHmacVerifier implements SignatureVerifier {
    public static final String DEFAULT_SIGNATURE_HEADER = "X-Webhook-Signature";
    public static final String DEFAULT_ID_HEADER = "X-Webhook-Id";

    private final TimestampedHmac signature;
    private final String idHeader;

    public GenericHmacVerifier(SourceConfig source, Clock clock) {
        this.signature = new TimestampedHmac(source.header("signature", DEFAULT_SIGNATURE_HEADER),
                SecretKeys.utf8(source.secrets()), source.tolerance(), clock);
        this.idHeader = source.header("id", DEFAULT_ID_HEADER);
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
        String id = request.header(idHeader);
        return Bodies.event(id != null ? id : Bodies.idField(body, "id"), Json.text(body, "type"));
    }
}
