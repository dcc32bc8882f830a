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
 * Slack: {@code X-Slack-Signature: v0=<hex>} over {@code v0:<X-Slack-Request-Timestamp>:body}.
 * Events API bodies carry {@code event_id} and {@code event.type}; the {@code url_verification}
 * handshake is answered with its challenge, and only once its signature matched (an unsigned
 * handshake would let anyone point Slack's setup at us).
 */
public final class SlackVerifier implements SignatureVerifier {
    private static final String PREFIX = "v0=";
    private static final byte[] VERSION = {'v', '0', ':'};
    private static final byte[] COLON = {':'};

    private final SecretKeys keys;
    private final Duration tolerance;
    private final Clock clock;

    public SlackVerifier(SourceConfig source, Clock clock) {
        this.keys = SecretKeys.utf8(source.secrets());
        this.tolerance = source.tolerance();
        this.clock = clock;
    }

    @Override
    public Verification verify(WebhookRequest request) {
        String header = request.header("X-Slack-Signature");
        String timestamp = request.header("X-Slack-Request-Timestamp");
        if (header == null || timestamp == null) {
            return Verification.rejected("missing X-Slack-Signature or X-Slack-Request-Timestamp header");
        }
        if (header.length() > Signatures.MAX_HEADER_LENGTH) {
            return Verification.rejected("oversized X-Slack-Signature header");
        }
        byte[] signature = header.startsWith(PREFIX)
                ? Signatures.hexSha256OrNull(header.substring(PREFIX.length()).trim()) : null;
        if (signature == null) {
            return Verification.rejected("malformed X-Slack-Signature header");
        }
        if (!Timestamps.withinTolerance(timestamp, clock, tolerance)) {
            return Verification.rejected("timestamp malformed or outside tolerance");
        }
        if (!Signatures.anyMatches(keys, List.of(signature), VERSION, Signatures.utf8(timestamp), COLON,
                request.body())) {
            return Verification.rejected("no signature matched");
        }
        JsonNode body = Bodies.jsonObject(request.body());
        if (body == null) {
            return Verification.invalid("body is not a JSON object (only Events API payloads are accepted)");
        }
        if ("url_verification".equals(Json.text(body, "type"))) {
            String challenge = Json.text(body, "challenge");
            return challenge == null || challenge.length() > 1024
                    ? Verification.invalid("url_verification without a usable challenge")
                    : Verification.challenge(challenge);
        }
        String type = Json.text(body.get("event"), "type");
        return Bodies.event(Json.text(body, "event_id"), type != null ? type : Json.text(body, "type"));
    }
}
