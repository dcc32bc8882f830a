package dev.hookline.sender;

import dev.hookline.core.config.ConfigException;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.Settings;
import dev.hookline.core.outbound.ssrf.Cidr;
import java.time.Duration;
import java.util.List;

/**
 * What the sender reads from its environment, validated once at cold start.
 *
 * @param backoff               wait after attempt 1, 2, ...; the last step repeats
 * @param maxAttempts           the attempt budget: HTTP attempts per delivery, counted in the delivery record
 * @param allowedNetworks       CIDRs the SSRF guard lets through (local runs: 127.0.0.0/8)
 * @param secretGrace           how long a rotated-out endpoint secret keeps signing
 * @param circuitThreshold      consecutive failures that open an endpoint's circuit
 * @param circuitOpen           how long an open circuit waits before one probe goes through
 * @param disableAfter          an endpoint failing this long without a success is disabled
 * @param concurrency           deliveries of one batch in flight at once
 * @param endpointCache         how long an endpoint record is reused; zero reads it every time
 */
public record SenderSettings(String endpointsTable, String deliveriesTable, String queueUrl, String dlqUrl,
                             List<Duration> backoff, int maxAttempts, boolean allowHttp, List<String> allowedNetworks,
                             Duration secretGrace, int circuitThreshold, Duration circuitOpen, Duration disableAfter,
                             int concurrency, Duration endpointCache) {
    public SenderSettings {
        backoff = List.copyOf(backoff);
        allowedNetworks = List.copyOf(allowedNetworks);
    }

    public static SenderSettings from(Settings env) {
        List<String> networks = env.list(EnvVars.ALLOWED_PRIVATE_NETWORKS);
        for (String network : networks) {
            try {
                Cidr.parse(network);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(EnvVars.ALLOWED_PRIVATE_NETWORKS + ": " + e.getMessage());
            }
        }
        return new SenderSettings(
                env.required(EnvVars.ENDPOINTS_TABLE),
                env.required(EnvVars.DELIVERIES_TABLE),
                env.required(EnvVars.DELIVERIES_QUEUE_URL),
                env.required(EnvVars.DELIVERIES_DLQ_URL),
                env.backoffSchedule(),
                env.maxAttempts(),
                env.flag(EnvVars.ALLOW_HTTP_ENDPOINTS),
                networks,
                Duration.ofHours(env.number(EnvVars.SECRET_GRACE_HOURS, 24, 0, 24 * 30)),
                (int) env.number(EnvVars.CIRCUIT_FAILURE_THRESHOLD, 5, 1, 1000),
                Duration.ofSeconds(env.number(EnvVars.CIRCUIT_OPEN_SECONDS, 300, 1, 43_200)),
                Duration.ofHours(env.number(EnvVars.DISABLE_AFTER_HOURS, 120, 1, 24 * 365)),
                (int) env.number(EnvVars.SENDER_CONCURRENCY, 10, 1, 100),
                env.endpointCache());
    }
}
