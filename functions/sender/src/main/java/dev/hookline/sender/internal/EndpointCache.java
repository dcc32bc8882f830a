package dev.hookline.sender.internal;

import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Endpoint records reused for a short while: a batch of deliveries to one endpoint reads it once.
 * Writes this sender makes (health, disable) replace the cached copy at once, so its own
 * decisions never lag; changes by others show after at most the cache period.
 */
public final class EndpointCache {
    private record Entry(Optional<Endpoint> endpoint, Instant loadedAt) {
    }

    private final EndpointRegistry registry;
    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    public EndpointCache(EndpointRegistry registry, Clock clock, Duration ttl) {
        this.registry = registry;
        this.clock = clock;
        this.ttl = ttl;
    }

    public Optional<Endpoint> get(String id) {
        Instant now = clock.instant();
        Entry entry = entries.get(id);
        if (entry != null && ttl.isPositive() && entry.loadedAt().plus(ttl).isAfter(now)) {
            return entry.endpoint();
        }
        return fresh(id);
    }

    /** Reads the record now, bypassing the cache. */
    public Optional<Endpoint> fresh(String id) {
        Optional<Endpoint> endpoint = registry.get(id);
        entries.put(id, new Entry(endpoint, clock.instant()));
        return endpoint;
    }

    public void put(Endpoint endpoint) {
        entries.put(endpoint.id(), new Entry(Optional.of(endpoint), clock.instant()));
    }
}
