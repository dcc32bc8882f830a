package dev.hookline.receiver.verify.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.config.SourceConfig;
import dev.hookline.core.crypto.Hmac;
import dev.hookline.core.json.Json;
import dev.hookline.receiver.verify.SignatureVerifier;
import dev.hookline.receiver.verify.Verification;
import dev.hookline.receiver.verify.WebhookRequest;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The generic {@code hmac} scheme: {@code X-Webhook-Signature: t=<unix>,v1=<hex>}, hex HMAC-SHA256
 * over {@code t.body} keyed with the secret's UTF-8 bytes; the type is the body's {@code type}.
 *
 * <p>The event id must come from signed content, or a request captured in transit could be
 * replayed inside the tolerance with a fresh id in a header the signature does not cover, and be
 * accepted as a new event each time. So the body's {@code id} is the id. A body without one gets
 * an id derived from what is signed, {@code sig_} + hex SHA-256 of {@code t.body}: a replay of the
 * same signed request is then a duplicate. The id header ({@code X-Webhook-Id}, or
 * {@code headers.id}) is never the id; it still reaches the handlers with the other forwarded
 * headers. The price: a sender that re-signs a retry with a new {@code t} and puts no id in the
 * body has that retry treated as a new event.
 */
public final class GenericHmacVerifier implements SignatureVerifier {
    public static final String DEFAULT_SIGNATURE_HEADER = "X-Webhook-Signature";
    public static final String DEFAULT_ID_HEADER = "X-Webhook-Id";
    /** Prefix of an id derived from the signed content. */
    public static final String DERIVED_ID_PREFIX = "sig_";

    private static final byte[] DOT = {'.'};

    private final TimestampedHmac signature;

    public GenericHmacVerifier(SourceConfig source, Clock clock) {
        this.signature = new TimestampedHmac(source.header("signature", DEFAULT_SIGNATURE_HEADER),
                SecretKeys.utf8(source.secrets()), source.tolerance(), clock);
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
        String id = Bodies.idField(body, "id");
        if (id == null && !body.has("id")) {
            id = signedContentId(signature.timestamp(request), request.body());
        }
        return Bodies.event(id, Json.text(body, "type"));
    }

    /** {@code sig_} + hex SHA-256 of {@code t.body}: the same for every copy of one signed request. */
    static String signedContentId(String timestamp, byte[] body) {
        return DERIVED_ID_PREFIX + HexFormat.of().formatHex(
                Hmac.digestSha256(timestamp.getBytes(StandardCharsets.UTF_8), DOT, body));
    }
}
