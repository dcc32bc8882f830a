package dev.hookline.core.deliveries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.resources.HooklineResources;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The deliveries table's one home, against DynamoDB Local: the processor's create-once and marker,
 * the sender's final states, the redrive's reopen and the CLI's reads. The processor's and the
 * sender's clients sign as those functions, so their roles are held to what these calls need.
 */
@ExtendWith(EmulatorsExtension.class)
class DeliveryLogIT {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private final Emulators emulators;
    private final MutableClock clock = new MutableClock(T0);
    private HooklineResources resources;

    DeliveryLogIT(Emulators emulators) {
        this.emulators = emulators;
    }

    @BeforeEach
    void provision() {
        resources = emulators.provision();
    }

    private DeliveryLog as(String function) {
        return new DeliveryLog(emulators.clientsAs(function).dynamoDb(), resources.deliveriesTable(), clock);
    }

    private DeliveryLog admin() {
        return new DeliveryLog(emulators.dynamoDb(), resources.deliveriesTable(), clock);
    }

    private static DeliveryMessage message(String event, String endpoint) {
        String eventKey = "src#" + event;
        return new DeliveryMessage(DeliveryMessage.deliveryId(eventKey, endpoint), endpoint, eventKey, "msg_" + event,
                "thing.happened", "{}", T0);
    }

    @Test
    void aRecordIsCreatedOnceAndIsSentAgainOnlyUntilMarkedEnqueued() {
        DeliveryLog processor = as("processor");
        DeliveryMessage m = message("e1", "ep_a");
        assertTrue(processor.createPending(m), "new");
        assertTrue(processor.createPending(m), "created by a run that never enqueued it: still to send");
        processor.markEnqueued(m.deliveryId());
        assertFalse(processor.createPending(m), "enqueued by an earlier run");
        Map<String, AttributeValue> item = admin().item(m.deliveryId()).orElseThrow();
        assertEquals("PENDING", item.get(DeliveryAttributes.STATUS).s());
        assertEquals(Long.toString(T0.plus(DeliveryAttributes.RETENTION).getEpochSecond()),
                item.get(DeliveryAttributes.EXPIRES_AT).n());
    }

    @Test
    void aRecordTheSenderFinishedIsNeverSentAgainNorReopenedByAStrayCopy() {
        DeliveryMessage m = message("e2", "ep_a");
        as("processor").createPending(m);
        DeliveryLog sender = as("sender");
        assertTrue(sender.record(m, new Attempt(T0, 500, 12, null, "oops"), true, DeliveryStatus.DEAD, null, "dl-1"));
        assertFalse(as("processor").createPending(m));
        assertFalse(sender.record(m, new Attempt(T0, 200, 5, null, null), true, DeliveryStatus.SUCCEEDED, null, null),
                "a final record stays final");
        assertFalse(admin().namesDeadLetter(m.deliveryId(), "dl-other"));
        assertTrue(admin().namesDeadLetter(m.deliveryId(), "dl-1"));
        assertFalse(sender.reopen(m.deliveryId(), "dl-other"), "only the copy it names reopens it");
        clock.advance(Duration.ofMinutes(1));
        assertTrue(sender.reopen(m.deliveryId(), "dl-1"));
        assertFalse(sender.reopen(m.deliveryId(), "dl-1"), "a second copy of the same message does not");
        DeliveryLog.State state = sender.state(m.deliveryId()).orElseThrow();
        assertEquals(DeliveryStatus.PENDING, state.status());
        assertEquals(1, state.attempts());
        assertEquals(0, state.runAttempts(), "a fresh budget");
    }

    @Test
    void listsNewestFirstByEndpointByStatusOrAll() {
        DeliveryLog processor = as("processor");
        for (String event : List.of("e1", "e2", "e3")) {
            processor.createPending(message(event, "ep_a"));
            clock.advance(Duration.ofSeconds(1));
        }
        processor.createPending(message("e4", "ep_b"));
        as("sender").record(message("e2", "ep_a"), new Attempt(clock.instant(), 200, 3, null, null), true,
                DeliveryStatus.SUCCEEDED, null, null);
        DeliveryLog log = admin();
        assertEquals(List.of("src#e4/ep_b", "src#e3/ep_a", "src#e2/ep_a", "src#e1/ep_a"), ids(log.list(null, null, 10)));
        assertEquals(List.of("src#e3/ep_a", "src#e2/ep_a"), ids(log.list(null, "ep_a", 2)));
        assertEquals(List.of("src#e3/ep_a", "src#e1/ep_a"), ids(log.list(DeliveryStatus.PENDING, "ep_a", 10)));
        assertEquals(List.of("src#e2/ep_a"), ids(log.list(DeliveryStatus.SUCCEEDED, null, 10)));
        assertTrue(log.item("src#nope/ep_a").isEmpty());
    }

    private static List<String> ids(List<Map<String, AttributeValue>> items) {
        return items.stream().map(i -> i.get(DeliveryAttributes.PK).s()).toList();
    }
}
