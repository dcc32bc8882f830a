package dev.hookline.core.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.config.EndpointSeed;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmulatorsExtension.class)
class EndpointRegistryIT {
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private final Emulators emulators;
    private EndpointRegistry registry;
    private HooklineResources resources;

    EndpointRegistryIT(Emulators emulators) {
        this.emulators = emulators;
    }

    @BeforeEach
    void freshTable() {
        resources = emulators.provision();
        registry = new EndpointRegistry(emulators.dynamoDb(), resources.endpointsTable(), new EndpointUrlPolicy(false),
                Clock.fixed(T0, ZoneOffset.UTC));
    }

    @Test
    void createdEndpointIsActiveAtSecretVersionOneAndReadsBackTheSame() {
        Endpoint created = registry.create("ep_1", "https://a.example.com/hook", List.of("invoice.*", "push"), "billing");

        assertEquals(EndpointStatus.ACTIVE, created.status());
        assertEquals(1, created.secretVersion());
        assertNull(created.previousSecretVersion());
        assertEquals(T0, created.createdAt());
        assertEquals(Optional.of(created), registry.get("ep_1"));
        assertEquals(created, registry.require("ep_1"));
    }

    @Test
    void listReturnsEveryEndpointInIdOrder() {
        registry.create("ep_b", "https://b.example.com/", List.of("*"), null);
        registry.create("ep_a", "https://a.example.com/", List.of("*"), null);
        registry.disable("ep_b", null);

        assertEquals(List.of("ep_a", "ep_b"), registry.list().stream().map(Endpoint::id).toList());
        assertEquals(EndpointStatus.DISABLED, registry.list().get(1).status());
    }

    @Test
    void duplicateIdIsRefused() {
        registry.create("ep_1", "https://a.example.com/", List.of("*"), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.create("ep_1", "https://other.example.com/", List.of("*"), null));
        assertEquals("endpoint 'ep_1' already exists", e.getMessage());
        assertEquals("https://a.example.com/", registry.require("ep_1").url(), "the first one is untouched");
    }

    @Test
    void invalidInputIsRefusedWithAClearMessageAndNothingIsWritten() {
        assertEquals("endpoint url must use https, not 'http'", assertThrows(IllegalArgumentException.class,
                () -> registry.create("ep_1", "http://a.example.com/", List.of("*"), null)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> registry.create("ep_1", "https://a.example.com/", List.of("invoice.*.paid"), null))
                .getMessage().startsWith("event type pattern 'invoice.*.paid' is not valid"));
        assertEquals("an endpoint needs at least one event type pattern, such as '*'",
                assertThrows(IllegalArgumentException.class,
                        () -> registry.create("ep_1", "https://a.example.com/", List.of(), null)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> registry.create("ep 1!", "https://a.example.com/", List.of("*"), null))
                .getMessage().startsWith("endpoint id 'ep 1!' is not valid"));
        assertEquals(List.of(), registry.list());
    }

    @Test
    void updatesEventTypesAfterValidatingThem() {
        registry.create("ep_1", "https://a.example.com/", List.of("*"), null);

        Endpoint updated = registry.updateEventTypes("ep_1", List.of("customer.*"));

        assertEquals(List.of("customer.*"), updated.eventTypes());
        assertEquals(List.of("customer.*"), registry.require("ep_1").eventTypes());
        assertThrows(IllegalArgumentException.class, () -> registry.updateEventTypes("ep_1", List.of("bad pattern")));
        assertEquals(List.of("customer.*"), registry.require("ep_1").eventTypes());
    }

    @Test
    void disableAndEnableFlipTheStatusAndEnableClearsTheFailureState() {
        registry.create("ep_1", "https://a.example.com/", List.of("*"), null);

        Endpoint disabled = registry.disable("ep_1", "gone");
        assertEquals(EndpointStatus.DISABLED, disabled.status());
        assertEquals("gone", disabled.disabledReason());
        assertEquals("operator", registry.disable("ep_1", null).disabledReason());

        Endpoint enabled = registry.enable("ep_1");
        assertEquals(EndpointStatus.ACTIVE, enabled.status());
        assertNull(enabled.disabledReason());
        assertEquals(0, enabled.consecutiveFailures());
        assertNull(enabled.circuitOpenUntil());
    }

    @Test
    void rotatingTheSecretBumpsTheVersionAndKeepsThePreviousOne() {
        registry.create("ep_1", "https://a.example.com/", List.of("*"), null);

        Endpoint once = registry.rotateSecret("ep_1");
        assertEquals(2, once.secretVersion());
        assertEquals(1, once.previousSecretVersion());
        assertEquals(T0, once.secretRotatedAt());

        Endpoint twice = registry.rotateSecret("ep_1");
        assertEquals(3, twice.secretVersion());
        assertEquals(2, twice.previousSecretVersion());
    }

    @Test
    void unknownIdFailsWithEndpointNotFound() {
        assertEquals(Optional.empty(), registry.get("ep_missing"));
        assertEquals("endpoint 'ep_missing' does not exist",
                assertThrows(EndpointNotFoundException.class, () -> registry.require("ep_missing")).getMessage());
        assertThrows(EndpointNotFoundException.class, () -> registry.updateEventTypes("ep_missing", List.of("*")));
        assertThrows(EndpointNotFoundException.class, () -> registry.updateUrl("ep_missing", "https://x.example.com/"));
        assertThrows(EndpointNotFoundException.class, () -> registry.enable("ep_missing"));
        assertThrows(EndpointNotFoundException.class, () -> registry.disable("ep_missing", null));
        assertThrows(EndpointNotFoundException.class, () -> registry.rotateSecret("ep_missing"));
        assertEquals(List.of(), registry.list(), "no update created an item");
    }

    @Test
    void seedCreatesOnlyTheEndpointsNotInTheTable() {
        registry.create("ep_1", "https://kept.example.com/", List.of("push"), null);

        List<Endpoint> created = registry.seed(List.of(
                new EndpointSeed("ep_1", "https://ignored.example.com/", List.of("*"), null),
                new EndpointSeed("ep_2", "https://new.example.com/", List.of("*"), "seeded")));

        assertEquals(List.of("ep_2"), created.stream().map(Endpoint::id).toList());
        assertEquals("https://kept.example.com/", registry.require("ep_1").url(), "the table is the truth");
    }
}
