package dev.hookline.core.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.testing.Emulators;
import dev.hookline.testing.MutableClock;
import dev.hookline.testing.EmulatorsExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmulatorsExtension.class)
class EndpointCacheIT {
    private final Emulators emulators;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T10:00:00Z"));
    private EndpointRegistry registry;
    private EndpointCache cache;

    EndpointCacheIT(Emulators emulators) {
        this.emulators = emulators;
    }

    @BeforeEach
    void fresh() {
        registry = new EndpointRegistry(emulators.dynamoDb(), emulators.provision().endpointsTable(),
                new EndpointUrlPolicy(false), clock);
        cache = new EndpointCache(registry, Duration.ofSeconds(15), clock);
    }

    @Test
    void subscribersAreTheActiveEndpointsWhoseFiltersMatch() {
        registry.create("ep_all", "https://a.example.com/", List.of("*"), null);
        registry.create("ep_inv", "https://b.example.com/", List.of("invoice.*"), null);
        registry.create("ep_cus", "https://c.example.com/", List.of("customer.created"), null);
        registry.create("ep_off", "https://d.example.com/", List.of("*"), null);
        registry.disable("ep_off", null);

        assertEquals(List.of("ep_all", "ep_inv"), ids(cache.subscribers("default", "invoice.paid")));
        assertEquals(List.of("ep_all", "ep_cus"), ids(cache.subscribers("default", "customer.created")));
    }

    @Test
    void changesShowAfterTheTtlNotBefore() {
        registry.create("ep_1", "https://a.example.com/", List.of("*"), null);
        assertEquals(List.of("ep_1"), ids(cache.subscribers("default", "push")));

        registry.disable("ep_1", null);
        registry.create("ep_2", "https://b.example.com/", List.of("*"), null);
        clock.advance(Duration.ofSeconds(14));
        assertEquals(List.of("ep_1"), ids(cache.subscribers("default", "push")), "still the cached view");

        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("ep_2"), ids(cache.subscribers("default", "push")));
    }

    @Test
    void getCachesFoundAndMissingEndpointsForTheTtl() {
        assertEquals(Optional.empty(), cache.get("ep_1"));
        registry.create("ep_1", "https://a.example.com/", List.of("*"), null);
        assertEquals(Optional.empty(), cache.get("ep_1"), "a miss is cached too");

        clock.advance(Duration.ofSeconds(15));
        assertEquals("https://a.example.com/", cache.get("ep_1").orElseThrow().url());

        registry.updateUrl("ep_1", "https://moved.example.com/");
        assertEquals("https://a.example.com/", cache.get("ep_1").orElseThrow().url());
        cache.invalidate();
        assertEquals("https://moved.example.com/", cache.get("ep_1").orElseThrow().url());
    }

    @Test
    void zeroTtlReadsTheTableEveryTime() {
        EndpointCache uncached = new EndpointCache(registry, Duration.ZERO, clock);
        assertTrue(uncached.all().isEmpty());
        registry.create("ep_1", "https://a.example.com/", List.of("*"), null);
        assertEquals(List.of("ep_1"), ids(uncached.all()));
    }

    private static List<String> ids(List<Endpoint> endpoints) {
        return endpoints.stream().map(Endpoint::id).toList();
    }
}
