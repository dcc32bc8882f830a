package dev.hookline.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.deliveries.DeliveryAttributes;
import dev.hookline.core.deliveries.DeliveryItems;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.deliveries.DeliveryStatus;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.core.resources.QueueSpec;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The CLI's redrive of deliveries-dlq against the emulators: every message goes back with its body
 * (and so its dead-letter id, which lets the sender reopen the run), a SKIPPED delivery counts as one
 * that will run again like a DEAD one, and a DEAD record from a copy without an id is reopened here.
 */
@ExtendWith(EmulatorsExtension.class)
class DeliveryRedriveIT {
    @Test
    void movesEveryCopyWithItsBodyAndCountsDeadAndSkippedDeliveriesThatWillRunAgain(Emulators emulators) {
        String prefix = Emulators.nextPrefix();
        HooklineResources r = emulators.provision(QueueSpec.inbound(prefix), QueueSpec.deliveries(prefix));
        DeliveryMessage skipped = message("ep_off");
        DeliveryMessage dead = message("ep_dead");
        DeliveryMessage legacy = message("ep_old");
        record(emulators, r, skipped, DeliveryStatus.SKIPPED, "copy-1");
        record(emulators, r, dead, DeliveryStatus.DEAD, "copy-2");
        record(emulators, r, legacy, DeliveryStatus.DEAD, null);
        String skippedBody = DeliveryMessage.withDeadLetterId(skipped.toJson(), "copy-1");
        String deadBody = DeliveryMessage.withDeadLetterId(dead.toJson(), "copy-2");
        for (String body : List.of(skippedBody, deadBody, legacy.toJson())) {
            emulators.sqs().sendMessage(b -> b.queueUrl(r.deliveriesDlqUrl()).messageBody(body));
        }

        DeliveryRedrive.Outcome outcome = new DeliveryRedrive(emulators.sqs(), emulators.dynamoDb(),
                r.deliveriesTable()).run(r.deliveriesDlqUrl(), r.deliveriesQueueUrl());

        assertEquals(new DeliveryRedrive.Outcome(3, 3, 0), outcome);
        List<Message> back = new java.util.ArrayList<>();
        for (int i = 0; i < 10 && back.size() < 3; i++) {
            back.addAll(emulators.sqs().receiveMessage(b -> b.queueUrl(r.deliveriesQueueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
        }
        assertEquals(Set.of(skippedBody, deadBody, legacy.toJson()),
                back.stream().map(Message::body).collect(Collectors.toSet()), "bodies unchanged");
        assertTrue(emulators.sqs().receiveMessage(b -> b.queueUrl(r.deliveriesDlqUrl()).waitTimeSeconds(0))
                .messages().isEmpty());
        // The copies with an id are the sender's to reopen; the one without is reopened here.
        assertEquals("SKIPPED", item(emulators, r, skipped).get(DeliveryAttributes.STATUS).s());
        Map<String, AttributeValue> reopened = item(emulators, r, legacy);
        assertEquals("PENDING", reopened.get(DeliveryAttributes.STATUS).s());
        assertEquals("1", reopened.get(DeliveryAttributes.ATTEMPTS_BEFORE_REDRIVE).n(), "a fresh budget, log kept");
        assertFalse(reopened.containsKey(DeliveryAttributes.NEXT_ATTEMPT_AT));
    }

    private static DeliveryMessage message(String endpointId) {
        String eventKey = "acme#evt_" + java.util.UUID.randomUUID();
        return new DeliveryMessage(DeliveryMessage.deliveryId(eventKey, endpointId), endpointId, eventKey, "msg_1",
                "order.created", "{\"type\":\"order.created\"}", Instant.now());
    }

    private static void record(Emulators emulators, HooklineResources r, DeliveryMessage message,
                               DeliveryStatus status, String deadLetterId) {
        Map<String, AttributeValue> item = new HashMap<>(DeliveryItems.pending(message, Instant.now()));
        item.put(DeliveryAttributes.STATUS, AttributeValue.fromS(status.name()));
        item.put(DeliveryAttributes.ATTEMPTS, AttributeValue.fromN("1"));
        item.put(DeliveryAttributes.NEXT_ATTEMPT_AT, AttributeValue.fromN("1"));
        if (deadLetterId != null) {
            item.put(DeliveryAttributes.DEAD_LETTER_ID, AttributeValue.fromS(deadLetterId));
        }
        emulators.dynamoDb().putItem(b -> b.tableName(r.deliveriesTable()).item(item));
    }

    private static Map<String, AttributeValue> item(Emulators emulators, HooklineResources r, DeliveryMessage m) {
        return emulators.dynamoDb().getItem(b -> b.tableName(r.deliveriesTable()).consistentRead(true)
                .key(Map.of(DeliveryAttributes.PK, AttributeValue.fromS(m.deliveryId())))).item();
    }
}
