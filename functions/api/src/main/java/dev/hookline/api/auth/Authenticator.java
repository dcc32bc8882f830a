package dev.hookline.api.auth;

import dev.hookline.core.keys.ApiKey;
import dev.hookline.core.keys.ApiKeys;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an {@code Authorization: Bearer hk_…} header into a {@link Caller}. Missing, malformed,
 * unknown and revoked keys all come out the same (empty), so the 401 says nothing about which.
 * The presented value is never logged.
 */
public final class Authenticator {
    private static final String BEARER = "bearer ";

    private final ApiKeys keys;
    private final AdminBootstrap bootstrap;

    public Authenticator(ApiKeys keys, AdminBootstrap bootstrap) {
        this.keys = keys;
        this.bootstrap = bootstrap;
    }

    public Optional<Caller> authenticate(Map<String, String> headers) {
        String header = headers.get("authorization");
        // RFC 9110 §11.1: the scheme name is case-insensitive.
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String presented = header.substring(BEARER.length()).trim();
        Optional<ApiKey> key = keys.authenticate(presented);
        if (key.isEmpty() && bootstrap.seedIfBootstrapKey(presented)) {
            key = keys.authenticate(presented);
        }
        return key.map(Caller::new);
    }
}
