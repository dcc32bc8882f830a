package dev.hookline.receiver.verify.internal;

import dev.hookline.core.config.SourceConfig;
import dev.hookline.core.json.Json;
import dev.hookline.receiver.verify.SignatureVerifier;
import dev.hookline.receiver.verify.Verification;
import dev.hookline.receiver.verify.WebhookRequest;
import java.util.List;

/**
 * GitHub: {@code X-Hub-Signature-256: sha256=<hex>} over the body. No timestamp is signed, so
 * replays are stopped by the events table alone (the delivery id). The type is the
 * {@code X-GitHub-Event} header plus {@code .action} when the JSON body has one
 * ({@code pull_request.opened}); form-encoded bodies just give the event name.
 */
public final class GithubVerifier implements SignatureVerifier {
    private static final String PREFIX = "sha256=";

    private final SecretKeys keys;

    public GithubVerifier(SourceConfig source) {
        this.keys = SecretKeys.utf8(source.secrets());
    }

    @Override
    public Verification verify(WebhookRequest request) {
        String header = request.header("X-Hub-Signature-256");
        if (header == null) {
            return Verification.rejected("missing X-Hub-Signature-256 header");
        }
        if (header.length() > Signatures.MAX_HEADER_LENGTH) {
            return Verification.rejected("oversized X-Hub-Signature-256 header");
        }
        byte[] signature = header.startsWith(PREFIX)
                ? Signatures.hexSha256OrNull(header.substring(PREFIX.length()).trim()) : null;
        if (signature == null) {
            return Verification.rejected("malformed X-Hub-Signature-256 header");
        }
        if (!Signatures.anyMatches(keys, List.of(signature), request.body())) {
            return Verification.rejected("no signature matched");
        }
        String event = request.header("X-GitHub-Event");
        String type = event;
        if (event != null) {
            String action = Json.text(Bodies.jsonObject(request.body()), "action");
            if (action != null && !action.isEmpty()) {
                type = event + "." + action;
            }
        }
        return Bodies.event(request.header("X-GitHub-Delivery"), type);
    }
}
