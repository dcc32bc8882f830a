package dev.hookline.core.signing;

import dev.hookline.core.crypto.Hmac;
import dev.hookline.core.endpoints.Endpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Endpoint secrets are derived, never stored (DESIGN §4):
 * {@code whsec_ + base64(HMAC-SHA256(signingKey, "endpoint:<id>:<secretVersion>")[0..24])}.
 * Anyone holding the signing key can recompute any endpoint's secret, so the CLI can show it and
 * the local sink can verify with it without a secrets table.
 */
public final class EndpointSecrets {
    /** 24 bytes = 192 bits: the length Standard Webhooks secrets usually have. */
    static final int SECRET_BYTES = 24;

    private final SigningKey key;

    public EndpointSecrets(SigningKey key) {
        this.key = key;
    }

    /** The secret of one version of an endpoint, as the receiver configures it ({@code whsec_...}). */
    public String secret(String endpointId, int version) {
        byte[] mac = Hmac.sha256(key.bytes(),
                ("endpoint:" + endpointId + ":" + version).getBytes(StandardCharsets.UTF_8));
        return WebhookSecret.format(Arrays.copyOf(mac, SECRET_BYTES));
    }

    /**
     * Secrets that sign now: the current version first, then the previous one while
     * {@code secretRotatedAt + grace} is in the future, so receivers can switch without a gap.
     */
    public List<String> active(Endpoint endpoint, Instant now, Duration grace) {
        List<String> secrets = new ArrayList<>(2);
        secrets.add(secret(endpoint.id(), endpoint.secretVersion()));
        Integer previous = endpoint.previousSecretVersion();
        if (previous != null && previous != endpoint.secretVersion() && endpoint.secretRotatedAt() != null
                && endpoint.secretRotatedAt().plus(grace).isAfter(now)) {
            secrets.add(secret(endpoint.id(), previous));
        }
        return secrets;
    }
}
