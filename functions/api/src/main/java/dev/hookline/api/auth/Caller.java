package dev.hookline.api.auth;

import dev.hookline.core.keys.ApiKey;

/** Who is calling: the key that authenticated the request. */
public record Caller(ApiKey key) {
    public boolean admin() {
        return key.admin();
    }

    /** The tenant a tenant key is scoped to; null for an admin key. */
    public String tenant() {
        return key.tenant();
    }

    /** Whether this caller may see and act on the tenant's resources. */
    public boolean mayAct(String tenantId) {
        return admin() || key.tenant().equals(tenantId);
    }
}
