package dev.hookline.receiver.verify.internal;

import dev.hookline.core.config.SourceConfig;
import dev.hookline.core.json.Json;
import dev.hookline.core.signing.WebhookSecret;
import dev.hookline.receiver.verify.SignatureVerifier;
import dev.hookline.receiver.verify.Verification;
import dev.hookline.receiver.verify.WebhookRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Standard Webhooks: {@code webhook-signature: v1,<base64> [v1,<base64> ...]}, HMAC-SHA256 over
 * {@code id.timestamp.body} keyed with the base64 after {@code whsec_}. Svix sends the same scheme
 * under {@code svix-*} header names; we take all three headers from whichever family signed.
 * Asymmetric {@code v1a} (Ed25519) signatures are ignored: sources configure {@code whsec_} secrets.
 */
public final class StandardWebhooksVerifier implements SignatureVerifier {
    private final SecretKeys keys;
    private final Duration tolerance;
    private final Clock clock;

    public StandardWebhooksVerifier(SourceConfig source, Clock clock) {
        this.keys = SecretKeys.of(source.secrets().stream().map(StandardWebhooksVerifier::key).toList());
        this.tolerance = source.tolerance();
        this.clock = clock;
    }

    private static byte[] key(String secret) {
        return WebhookSecret.parse(secret).key();
    }

    @Override
    public Verification verify(WebhookRequest request) {
        String family = request.header("webhook-signature") == null && request.header("svix-signature") != null
                ? "svix-" : "webhook-";
        String id = request.header(family + "id");
        String timestamp = request.header(family + "timestamp");
        String signature = request.header(family + "signature");
        if (id == null || timestamp == null || signature == null) {
            return Verification.rejected("missing " + family + "id, timestamp or signature header");
        }
        if (signature.length() > Signatures.MAX_HEADER_LENGTH || id.length() > Bodies.MAX_ID_LENGTH) {
            return Verification.rejected("oversized signature or id header");
        }
        if (!Timestamps.withinTolerance(timestamp, clock, tolerance)) {
            return Verification.rejected("timestamp malformed or outside tolerance");
        }
        List<byte[]> candidates = candidates(signature);
        if (candidates == null) {
            return Verification.rejected("malformed " + family + "signature header");
        }
        if (!Signatures.anyMatches(keys, candidates, Signatures.utf8(id), Signatures.DOT,
                Signatures.utf8(timestamp), Signatures.DOT, request.body())) {
            return Verification.rejected("no signature matched");
        }
        return Bodies.event(id, Json.text(Bodies.jsonObject(request.body()), "type"));
    }

    /**
     * The {@code v1,<base64>} entries of a space-separated list, or null when the list is malformed
     * (an empty entry from repeated spaces, an entry without {@code version,}). Other versions
     * ({@code v1a}, {@code v2}) and v1 values that are not 32 bytes of base64 are skipped.
     */
    private static List<byte[]> candidates(String header) {
        List<byte[]> out = new ArrayList<>();
        int tokens = 0;
        int start = 0;
        while (start <= header.length()) {
            int end = header.indexOf(' ', start);
            if (end < 0) {
                end = header.length();
            }
            if (++tokens > Signatures.MAX_CANDIDATES) {
                return null;
            }
            String token = header.substring(start, end);
            int comma = token.indexOf(',');
            if (comma <= 0) {
                return null;
            }
            if (token.startsWith("v1,")) {
                byte[] sig = Signatures.base64Sha256OrNull(token.substring(3));
                if (sig != null) {
                    out.add(sig);
                }
            }
            start = end + 1;
        }
        return out;
    }
}
