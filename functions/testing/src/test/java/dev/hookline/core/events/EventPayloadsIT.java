package dev.hookline.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.deliveries.DeliveryAttributes;
import dev.hookline.core.paging.Slice;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Payload retention and the events list, against DynamoDB Local with the table as Tables creates it. */
@ExtendWith(EmulatorsExtension.class)
class EventPayloadsIT {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private final Emulators emulators;
    private HooklineResources resources;
    private EventPayloads payloads;

    EventPayloadsIT(Emulators emulators) {
        this.emulators = emulators;
    }

    @BeforeEach
    void provision() {
        resources = emulators.provision();
        payloads = new EventPayloads(emulators.dynamoDb(), resources.eventsTable());
    }

    private static EventPayloads.StoredEvent event(String tenant, String id, String type, Instant at, String payload) {
        return new EventPayloads.StoredEvent(tenant, id, "tenant:" + tenant + "#" + id, type, at, "msg_" + id, payload);
    }

    @Test
    void aKeptPayloadComesBackForItsTenantOnlyAndExpiresWithTheDeliveryLog() {
        assertTrue(payloads.put(event("acme", "evt_1", "order.created", T0, "{\"a\":1}")));
        EventPayloads.StoredEvent got = payloads.get("acme", "evt_1").orElseThrow();
        assertEquals("{\"a\":1}", got.payload());
        assertEquals("msg_evt_1", got.messageId());
        assertEquals("tenant:acme#evt_1", got.eventKey());
        assertEquals(T0, got.receivedAt());
        assertTrue(payloads.get("other", "evt_1").isEmpty(), "another tenant's event is not found");
        assertTrue(payloads.get("acme", "evt/1").isEmpty(), "an id that is not URL-safe is never a key");
        Map<String, AttributeValue> item = emulators.dynamoDb().getItem(b -> b.tableName(resources.eventsTable())
                .key(Map.of(EventAttributes.PK, AttributeValue.fromS("payload:acme#evt_1")))).item();
        assertEquals(Long.toString(T0.plus(DeliveryAttributes.RETENTION).getEpochSecond()),
                item.get(EventAttributes.EXPIRES_AT).n());
    }

    @Test
    void aPayloadTooLargeForAnItemIsListedButNotKept() {
        String big = "\"" + "x".repeat(EventPayloads.MAX_PAYLOAD_BYTES) + "\"";
        assertFalse(payloads.put(event("acme", "evt_big", "t", T0, big)));
        assertNull(payloads.get("acme", "evt_big").orElseThrow().payload());
        assertEquals(List.of("evt_big"), ids(payloads.list("acme", null, null, null, 10, null)));
    }

    @Test
    void theListIsNewestFirstFilteredAndPagesToTheEnd() {
        for (int i = 0; i < 7; i++) {
            payloads.put(event("acme", "evt_" + i, i % 2 == 0 ? "even" : "odd", T0.plusSeconds(i), "{}"));
        }
        payloads.put(event("beta", "evt_x", "even", T0.plusSeconds(3), "{}"));

        List<String> all = new ArrayList<>();
        String after = null;
        do {
            Slice<EventPayloads.Summary> page = payloads.list("acme", null, null, null, 3, after);
            assertTrue(page.items().size() <= 3);
            page.items().forEach(s -> all.add(s.id()));
            after = page.after();
        } while (after != null);
        assertEquals(List.of("evt_6", "evt_5", "evt_4", "evt_3", "evt_2", "evt_1", "evt_0"), all);

        assertEquals(List.of("evt_6", "evt_4"), ids(payloads.list("acme", "even", null, null, 2, null)));
        Slice<EventPayloads.Summary> evens = payloads.list("acme", "even", null, null, 2, null);
        assertEquals(List.of("evt_2", "evt_0"), ids(payloads.list("acme", "even", null, null, 2, evens.after())));
        assertEquals(List.of("evt_4", "evt_3", "evt_2"),
                ids(payloads.list("acme", null, T0.plusSeconds(2), T0.plusSeconds(5), 10, null)), "since inclusive, until exclusive");
        assertThrows(IllegalArgumentException.class, () -> payloads.list("acme", null, null, null, 3, "nope"));
    }

    private static List<String> ids(Slice<EventPayloads.Summary> slice) {
        return slice.items().stream().map(EventPayloads.Summary::id).toList();
    }
}
