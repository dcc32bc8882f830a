package dev.hookline.core.config;

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
 */
public record SourceConfig(String name, Scheme scheme, List<String> secrets, Duration tolerance,
                           Map<String, String> headers) {
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    public SourceConfig {
        secrets = List.copyOf(secrets);
        headers = Map.copyOf(headers);
    }

    public String header(String key, String fallback) {
        return headers.getOrDefault(key, fallback);
    }

    @Override
    public String toString() {
        // Never print secrets, whatever logs this record.
        return "SourceConfig[name=" + name + ", scheme=" + scheme.configName() + ", secrets=" + secrets.size()
                + ", tolerance=" + tolerance + ", headers=" + headers + "]";
    }
}
