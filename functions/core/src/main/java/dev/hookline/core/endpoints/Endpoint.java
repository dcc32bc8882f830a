package dev.hookline.core.endpoints;

import java.time.Instant;
import java.util.List;

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
 */
public record Endpoint(String id, String url, List<String> eventTypes, EndpointStatus status, String description,
                       int secretVersion, Integer previousSecretVersion, Instant secretRotatedAt,
                       int consecutiveFailures, Instant failingSince, Instant circuitOpenUntil,
                       String disabledReason, Instant createdAt, Instant updatedAt) {
    public Endpoint {
        eventTypes = List.copyOf(eventTypes);
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
