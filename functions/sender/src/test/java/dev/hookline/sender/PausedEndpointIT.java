package dev.hookline.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.signing.EndpointSecrets;
import dev.hookline.core.signing.SigningKey;
import dev.hookline.core.signing.StandardWebhooks;
import dev.hookline.core.tenants.TenantId;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A paused endpoint keeps its deliveries: the sender defers them without a request and without using
 * their attempt budget, and sends them all once the endpoint is resumed. Each delivery carries the
 * endpoint's custom headers, next to a valid signature. Order is not checked here: the sender runs a
 * batch's deliveries concurrently and SQS standard queues do not keep order.
 */
@ExtendWith(EmulatorsExtension.class)
class PausedEndpointIT {
    private static final int DELIVERIES = 50;
    private final TestReceiver receiver = TestReceiver.start();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void pausedKeepsEveryDeliveryWithoutAnAttemptAndResumeSendsAllFiftyWithTheirCustomHeaders(Emulators emulators) {
        SenderFixture f = new SenderFixture(emulators, Map.of());
        f.registry.create(new EndpointRegistry.NewEndpoint("ep_held", TenantId.DEFAULT, receiver.url("/held"),
                List.of("*"), null, Map.of(), Map.of("X-Customer", "c-42", "Authorization", "Bearer receiver-token")));
        f.registry.pause(TenantId.DEFAULT, "ep_held");
        List<DeliveryMessage> messages = new ArrayList<>();
        for (int i = 0; i < DELIVERIES; i++) {
            messages.add(f.enqueue("ep_held", "{\"type\":\"order.created\",\"data\":{\"n\":" + i + "}}"));
        }

        // Paused: every message comes round at least once and is deferred, with no request.
        Set<String> seen = new HashSet<>();
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (seen.size() < DELIVERIES && System.nanoTime() < until) {
            f.esm.pollOnce(Duration.ofSeconds(1));
            messages.stream().filter(m -> "RETRYING".equals(f.status(m))).forEach(m -> seen.add(m.deliveryId()));
        }
        assertEquals(DELIVERIES, seen.size(), "every delivery was deferred while paused");
        assertEquals(0, receiver.requests().size(), "no request while paused");
        assertTrue(f.logs().contains("\"reason\":\"paused\""), "the deferral says why");

        f.registry.resume(TenantId.DEFAULT, "ep_held");
        until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until
                && messages.stream().anyMatch(m -> !"SUCCEEDED".equals(f.status(m)))) {
            f.esm.pollOnce(Duration.ofSeconds(1));
        }
        for (DeliveryMessage m : messages) {
            assertEquals("SUCCEEDED", f.status(m), m.deliveryId());
            assertEquals(1, f.attempts(m), "the pause used none of " + m.deliveryId() + "'s attempts");
        }
        List<TestReceiver.Request> got = receiver.requests();
        assertEquals(DELIVERIES, got.size());
        String secret = new EndpointSecrets(SigningKey.parse(SenderFixture.SIGNING_KEY)).secret("ep_held", 1);
        Set<String> bodies = new HashSet<>();
        for (TestReceiver.Request request : got) {
            bodies.add(request.body());
            assertEquals("c-42", request.header("x-customer"));
            assertEquals("Bearer receiver-token", request.header("authorization"));
            assertTrue(StandardWebhooks.verify(new StandardWebhooks.Headers(request.header("webhook-id"),
                    request.header("webhook-timestamp"), request.header("webhook-signature")), request.body(),
                    List.of(secret), Instant.now(), Duration.ofMinutes(5)), "signed as usual");
        }
        assertEquals(DELIVERIES, bodies.size(), "each delivery once");
    }
}
