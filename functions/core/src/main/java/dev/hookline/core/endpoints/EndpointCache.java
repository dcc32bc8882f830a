package dev.hookline.core.endpoints;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A short-lived read cache over {@link EndpointRegistry} for the functions that read endpoints on
 * every message (processor: who subscribes to this type; sender: this endpoint's URL and state).
 * A warm Lambda then reads the table at most once per {@code ttl} instead of once per event; a
 * change made through the registry is seen within {@code ttl}. A ttl of zero disables caching.
 * Thread-safe: the sender reads it from concurrent deliveries.
 */
public final class EndpointCache {
    private final EndpointRegistry registry;
    private final Duration ttl;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry<Optional<Endpoint>>> byId = new ConcurrentHashMap<>();
    private volatile Entry<List<Endpoint>> all;

    public EndpointCache(EndpointRegistry registry, Duration ttl, Clock clock) {
        this.registry = registry;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Every endpoint, any status, at most {@code ttl} old. */
    public List<Endpoint> all() {
        Entry<List<Endpoint>> current = all;
        Instant now = clock.instant();
        if (current == null || current.expired(now)) {
            synchronized (this) {
                current = all;
                if (current == null || current.expired(now)) {
                    current = new Entry<>(registry.list(), now.plus(ttl));
                    all = current;
                }
            }
        }
        return current.value();
    }

    /** The ACTIVE and PAUSED endpoints of {@code tenant} subscribed to {@code type}, in id order. */
    public List<Endpoint> subscribers(String tenant, String type) {
        // PAUSED ones too: a paused endpoint keeps its deliveries (the sender holds them until resume).
        return all().stream().filter(e -> (e.active() || e.paused()) && e.tenant().equals(tenant)
                && e.subscribesTo(type)).toList();
    }

    /** One endpoint (an unknown id is cached too, so a deleted endpoint costs no read per message). */
    public Optional<Endpoint> get(String id) {
        Instant now = clock.instant();
        Entry<Optional<Endpoint>> entry = byId.get(id);
        if (entry == null || entry.expired(now)) {
            entry = new Entry<>(registry.get(id), now.plus(ttl));
            byId.put(id, entry);
        }
        return entry.value();
    }

    /** Reads one endpoint now, bypassing the cache, and caches what it read. */
    public Optional<Endpoint> fresh(String id) {
        Optional<Endpoint> endpoint = registry.get(id);
        byId.put(id, new Entry<>(endpoint, clock.instant().plus(ttl)));
        return endpoint;
    }

    /**
     * Replaces the cached copy with one this process just wrote (the sender's health updates),
     * so its own decisions never lag behind its own writes. The entry keeps the expiry it had: a
     * write touches a few attributes, and another process may have changed the others (URL, secret
     * version, status), so a busy sender must still re-read the record at least every {@code ttl}.
     */
    public void put(Endpoint endpoint) {
        Instant now = clock.instant();
        byId.compute(endpoint.id(), (id, old) -> new Entry<>(Optional.of(endpoint),
                old != null && !old.expired(now) ? old.expiresAt() : now.plus(ttl)));
    }

    /** Forgets everything, so the next read goes to the table (after this process changed an endpoint). */
    public void invalidate() {
        all = null;
        byId.clear();
    }

    private record Entry<T>(T value, Instant expiresAt) {
        boolean expired(Instant now) {
            return !now.isBefore(expiresAt);
        }
    }
}
