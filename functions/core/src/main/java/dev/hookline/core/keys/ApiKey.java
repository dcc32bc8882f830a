package dev.hookline.core.keys;

import java.time.Instant;

/**
 * A stored API key: never its secret, only what identifies and scopes it.
 *
 * @param id        public id ({@code key_<16 hex>}), derived from the secret's hash; safe to show and log
 * @param tenant    the tenant a tenant-scoped key may act for, or null for an admin key
 * @param createdAt when it was created
 * @param revokedAt when it was revoked, or null while it is valid
 */
public record ApiKey(String id, String tenant, Instant createdAt, Instant revokedAt) {
    public boolean admin() {
        return tenant == null;
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
