package dev.hookline.api.auth;

import dev.hookline.core.keys.ApiKeys;
import dev.hookline.core.keys.KeySecret;
import dev.hookline.core.tenants.Tenants;
import java.security.MessageDigest;
import java.util.function.Supplier;

/**
 * The first admin key of a deployment. The template generates a random secret into Secrets
 * Manager; {@code hk_<its value>} is an admin key. The first time it is presented (and not yet in
 * the keys table) it is stored like any key, with the {@code default} tenant, so from then on it
 * is an ordinary key: listed, and revocable for good (a revoked bootstrap key stays revoked; put a
 * new value in the secret to get a new one).
 *
 * <p>The secret is read lazily, once per container, only when an unknown key is presented: no
 * Secrets Manager call on a cold start, and none per request.
 */
public final class AdminBootstrap {
    private final Supplier<String> secretValue;
    private final ApiKeys keys;
    private final Tenants tenants;
    private volatile byte[] bootstrapHash;

    /** @param secretValue reads the secret's value; null when this deployment has none (local runs) */
    public AdminBootstrap(Supplier<String> secretValue, ApiKeys keys, Tenants tenants) {
        this.secretValue = secretValue;
        this.keys = keys;
        this.tenants = tenants;
    }

    public static AdminBootstrap none(ApiKeys keys, Tenants tenants) {
        return new AdminBootstrap(null, keys, tenants);
    }

    /** True when {@code presented} is the bootstrap key, which is now stored. */
    boolean seedIfBootstrapKey(String presented) {
        if (secretValue == null || !KeySecret.wellFormed(presented)) {
            return false;
        }
        byte[] expected = bootstrapHash();
        if (expected == null || !MessageDigest.isEqual(expected, KeySecret.hash(presented))) {
            return false;
        }
        tenants.ensureDefault();
        return !keys.ensure(presented, null).revoked();
    }

    private byte[] bootstrapHash() {
        byte[] hash = bootstrapHash;
        if (hash == null) {
            String value = secretValue.get();
            if (value == null || value.isBlank()) {
                return null;
            }
            hash = KeySecret.hash(KeySecret.PREFIX + value.trim());
            bootstrapHash = hash;
        }
        return hash;
    }
}
