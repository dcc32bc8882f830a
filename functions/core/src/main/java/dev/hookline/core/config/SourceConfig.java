package dev.hookline.core.config;

import dev.hookline.core.tenants.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code sources}: how webhooks posted to {@code /webhooks/{name}} are verified.
 *
 * @param secrets   every secret that may have signed a request; more than one during a rotation
 * @param tolerance how far a signed timestamp may be from now, past or future
 * @param headers   header-name overrides for the generic {@code hmac} scheme: keys
 *                  {@code signature} and {@code id}
 * @param tenant    the tenant whose endpoints this source's events fan out to ({@code default} unless named)
 */
public record SourceConfig(String name, Scheme scheme, List<String> secrets, Duration tolerance,
                           Map<String, String> headers, String tenant) {
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    public SourceConfig {
        secrets = List.copyOf(secrets);
        headers = Map.copyOf(headers);
        tenant = tenant == null ? TenantId.DEFAULT : tenant;
    }

    /** A source of the {@code default} tenant. */
    public SourceConfig(String name, Scheme scheme, List<String> secrets, Duration tolerance,
                        Map<String, String> headers) {
        this(name, scheme, secrets, tolerance, headers, TenantId.DEFAULT);
    }

    public String header(String key, String fallback) {
        return headers.getOrDefault(key, fallback);
    }

    @Override
    public String toString() {
        // Never print secrets, whatever logs this record.
        return "SourceConfig[name=" + name + ", scheme=" + scheme.configName() + ", secrets=" + secrets.size()
                + ", tolerance=" + tolerance + ", headers=" + headers + ", tenant=" + tenant + "]";
    }
}
