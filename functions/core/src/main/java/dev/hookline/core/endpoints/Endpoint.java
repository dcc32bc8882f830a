package dev.hookline.core.endpoints;

import java.time.Instant;
import dev.hookline.core.tenants.TenantId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A subscriber: where deliveries go, which event types it wants, and its health.
 *
 * @param secretVersion         version of the derived signing secret; rotation bumps it
 * @param previousSecretVersion the version before the last rotation, still signing until
 *                              {@code secretRotatedAt} + grace; null if never rotated
 * @param consecutiveFailures   failed attempts since the last success (circuit breaker input)
 * @param failingSince          first failure of the current failing streak, or null when healthy
 * @param circuitOpenUntil      while in the future, deliveries wait without an HTTP call; null when closed
 * @param disabledReason        why it is DISABLED (operator, gone, failing), or null
 * @param tenant                the tenant whose events it receives ({@code default} for items older than tenants)
 * @param metadata              the owner's own key/value notes; never sent
 * @param headers               extra headers sent with every delivery (reserved names refused, {@link EndpointHeaders})
 */
public record Endpoint(String id, String url, List<String> eventTypes, EndpointStatus status, String description,
                       int secretVersion, Integer previousSecretVersion, Instant secretRotatedAt,
                       int consecutiveFailures, Instant failingSince, Instant circuitOpenUntil,
                       String disabledReason, Instant createdAt, Instant updatedAt, String tenant,
                       Map<String, String> metadata, Map<String, String> headers) {
    public Endpoint {
        eventTypes = List.copyOf(eventTypes);
        tenant = tenant == null ? TenantId.DEFAULT : tenant;
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metadata));
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(headers));
    }

    public boolean paused() {
        return status == EndpointStatus.PAUSED;
    }

    public boolean active() {
        return status == EndpointStatus.ACTIVE;
    }

    /** Whether this endpoint subscribes to the event type. */
    public boolean subscribesTo(String type) {
        for (String pattern : eventTypes) {
            if (EventTypePattern.matches(pattern, type)) {
                return true;
            }
        }
        return false;
    }
}
