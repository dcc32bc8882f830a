package dev.hookline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.api.ApiClient.Result;
import dev.hookline.api.http.Access;
import dev.hookline.api.http.Route;
import dev.hookline.core.events.EventPayloads;
import dev.hookline.core.keys.ApiKeys;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The authorization matrix for every route of {@link ApiRoutes} (enumerated, so a new route is in
 * it without an edit here): no key, an unknown key and a revoked key get 401; tenant A's key on
 * tenant B's path gets 404 exactly as a missing tenant does, and 403 on admin routes; B's own key
 * may use B's tenant routes; an admin key may use every route.
 */
@ExtendWith(EmulatorsExtension.class)
class AuthorizationMatrixIT {
    /** Bodies that make a route succeed for an allowed caller; POST/PATCH routes not listed get {}. */
    private static final Map<String, String> BODIES = Map.of(
            "POST /v1/tenants", "{\"id\":\"made-%d\"}",
            "PATCH /v1/tenants/{tenant}", "{\"name\":\"Renamed\"}",
            "POST /v1/tenants/{tenant}/endpoints", "{\"url\":\"%2$s\",\"description\":\"made %1$d\"}",
            "PATCH /v1/tenants/{tenant}/endpoints/{endpoint}", "{\"description\":\"changed %d\"}",
            "POST /v1/tenants/{tenant}/events", "{\"type\":\"matrix.checked\",\"data\":{\"n\":%d}}",
            "POST /v1/tenants/{tenant}/endpoints/{endpoint}/recover", "{\"since\":\"2026-01-01T00:00:00Z\"}");
    /** The id of the event kept for every tenant B, for the routes under {@code {event}}. */
    private static final String EVENT = "evt_matrix";
    private static final AtomicInteger N = new AtomicInteger();

    private static ApiFixture fx;
    private static String revokedAdmin;
    private static String keyA;
    private static Sink sink;

    @BeforeAll
    static void start(Emulators emulators) {
        fx = new ApiFixture(emulators);
        ApiKeys.Created revoked = fx.harnessKeys.create(null);
        fx.harnessKeys.revoke(revoked.key().id());
        revokedAdmin = revoked.secret();
        keyA = fx.tenantWithKey("tenant-a");
        try {
            sink = new Sink();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @org.junit.jupiter.api.AfterAll
    static void stop() {
        sink.close();
    }

    /** An endpoint of {@code tenant} (at the sink), so routes on {@code {endpoint}} have a resource to act on. */
    private static String endpointOf(String tenant) {
        return fx.harnessEndpoints.create(new dev.hookline.core.endpoints.EndpointRegistry.NewEndpoint(null, tenant,
                sink.url("/matrix"), java.util.List.of("*"), null, Map.of(), Map.of())).id();
    }

    @TestFactory
    Stream<DynamicTest> everyRouteHoldsTheMatrix() {
        return fx.handler.routes().routes().stream().map(route ->
                DynamicTest.dynamicTest(route.method() + " " + route.template(), () -> check(route)));
    }

    private static void check(Route route) {
        ApiClient api = fx.client;
        String name = route.method() + " " + route.template();
        if (route.access() == Access.PUBLIC) {
            assertEquals(200, api.call(route.method(), path(route, "tenant-a", "x", "x"), null, null).status(), name);
            return;
        }
        int n = N.incrementAndGet();
        String tenantB = "tenant-b" + n;
        String keyB = fx.tenantWithKey(tenantB);
        String victimKeyId = fx.harnessKeys.create(tenantB).key().id();
        new EventPayloads(fx.emulators.dynamoDb(), fx.resources.eventsTable()).put(new EventPayloads.StoredEvent(
                tenantB, EVENT, "tenant:" + tenantB + "#" + EVENT, "matrix.checked", Instant.now(), "msg_matrix", "{}"));
        String path = path(route, tenantB, victimKeyId, endpointOf(tenantB));
        String body = body(route, n);

        for (String refused : new String[] {null, "hk_" + "Q".repeat(43), revokedAdmin}) {
            assertEquals(401, api.call(route.method(), path, refused, body).status(), name + " with " + refused);
        }

        Result asA = api.call(route.method(), path, keyA, body);
        if (route.template().contains("{tenant}")) {
            Result missing = api.call(route.method(), path(route, "no-such-" + n, victimKeyId, "ep_none"), keyA, body);
            assertEquals(404, asA.status(), name + ": tenant A's key on tenant B");
            assertEquals(404, missing.status(), name + ": tenant A's key on a missing tenant");
            assertEquals(missing.body(), asA.body(), name + ": another tenant's resource reads as a missing one");
            Result asB = api.call(route.method(), path, keyB, body);
            if (route.access() == Access.ADMIN) {
                assertEquals(403, asB.status(), name + ": B's own key on an admin route");
            } else {
                assertTrue(asB.status() / 100 == 2, name + ": B's own key on B: " + asB.status() + " " + asB.body());
            }
        } else if (route.access() == Access.ADMIN) {
            assertEquals(403, asA.status(), name + ": a tenant key on an admin route");
        } else {
            assertTrue(asA.status() / 100 == 2, name + ": " + asA.status());
            assertFalse(asA.body().contains(tenantB), name + ": tenant A's key must not see tenant B");
        }

        // The admin acts on a resource of its own, as B's call may have changed or deleted B's.
        String adminPath = route.template().contains("{endpoint}") || route.template().contains("{delivery}")
                ? path(route, tenantB, victimKeyId, endpointOf(tenantB))
                : path;
        Result asAdmin = api.call(route.method(), adminPath, fx.adminKey, body(route, n + 100_000));
        assertTrue(asAdmin.status() / 100 == 2, name + " as admin: " + asAdmin.status() + " " + asAdmin.body());
    }

    private static String path(Route route, String tenant, String keyId, String endpointId) {
        String path = route.template().replace("{tenant}", tenant).replace("{key}", keyId)
                .replace("{endpoint}", endpointId).replace("{event}", EVENT).replace("{name}", "deliveries-dlq");
        if (path.contains("{delivery}")) {
            // A fresh DEAD delivery each time: a retry by one caller changes it for the next.
            path = path.replace("{delivery}", fx.deadDeliveryOf(tenant));
        }
        return path;
    }

    private static String body(Route route, int n) {
        String template = BODIES.get(route.method() + " " + route.template());
        if (template != null) {
            return String.format(template, n, sink.url("/matrix"));
        }
        return route.method().equals("POST") || route.method().equals("PATCH") ? "{}" : null;
    }
}
