package dev.hookline.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.deliveries.DeliveryAttributes;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointAttributes;
import dev.hookline.core.endpoints.EndpointStatus;
import dev.hookline.core.resources.Tables;
import dev.hookline.sender.internal.Deliverer;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Nothing the sender gives up on is lost: DEAD and SKIPPED deliveries keep their payload in
 * deliveries-dlq, a redrive of it (SQS's own, as the console does it, or the CLI's) delivers them
 * again, and one 410 does not disable an endpoint.
 */
@ExtendWith(EmulatorsExtension.class)
class KeptDeliveriesIT {
    private static final String PAYLOAD = "{\"type\":\"order.created\",\"data\":{\"id\":\"ord_1\"}}";

    private final TestReceiver receiver = TestReceiver.start();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    /** A proxy answering 410 for a moment during a deploy: the delivery is retried, the endpoint stays. */
    @Test
    void oneGoneAnswerIsRetriedAndDoesNotDisableTheEndpoint(Emulators emulators) {
        SenderFixture f = new SenderFixture(emulators, Map.of());
        receiver.then(TestReceiver.status(410, "gone for a moment")).then(TestReceiver.status(200, "ok"));
        f.endpoint("ep_blip", receiver.url("/hook"));
        DeliveryMessage message = f.enqueue("ep_blip", PAYLOAD);

        assertEquals(1, f.pollUntilReceived(Duration.ofSeconds(5)).failed());
        assertEquals("RETRYING", f.status(message));
        assertEquals(EndpointStatus.ACTIVE, f.registry.require("ep_blip").status());
        assertNotNull(endpointItem(f, "ep_blip").get(EndpointAttributes.GONE_SINCE), "the run of 410s is tracked");
        assertTrue(f.receiveNow(f.resources.deliveriesDlqUrl()).isEmpty());

        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(10)).failed());
        assertEquals("SUCCEEDED", f.status(message));
        assertNull(endpointItem(f, "ep_blip").get(EndpointAttributes.GONE_SINCE), "any other answer ends the run");
        assertEquals(0, SenderHandlerIT.metric(f, "endpointDisabled"));
    }

    /**
     * An endpoint answering only 410 for over an hour is disabled (metric and log line); the delivery
     * that saw it is DEAD and the one queued behind it SKIPPED, both with their payload in the DLQ.
     * Enabled again, SQS's DLQ redrive (what the console's "Start DLQ redrive" calls) brings both back
     * and they are delivered, each with a fresh budget; a stale copy afterwards is a duplicate.
     */
    @Test
    void goneForAnHourDisablesTheEndpointKeepsEveryDeliveryAndARedriveDeliversThem(Emulators emulators) {
        SenderFixture f = new SenderFixture(emulators, Map.of());
        receiver.otherwise(TestReceiver.status(410, "gone"));
        f.endpoint("ep_gone", receiver.url("/hook"));
        long twoHoursAgo = Instant.now().minus(Duration.ofHours(2)).toEpochMilli();
        emulators.dynamoDb().updateItem(b -> b.tableName(f.resources.endpointsTable())
                .key(Map.of(Tables.PK, AttributeValue.fromS("ep_gone")))
                .updateExpression("SET goneSince = :t, failingSince = :t, consecutiveFailures = :n")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromN(Long.toString(twoHoursAgo)),
                        ":n", AttributeValue.fromN("3"))));
        DeliveryMessage first = f.enqueue("ep_gone", PAYLOAD);

        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(5)).failed());

        Endpoint endpoint = f.registry.require("ep_gone");
        assertEquals(EndpointStatus.DISABLED, endpoint.status());
        assertEquals("gone", endpoint.disabledReason());
        assertEquals("DEAD", f.status(first));
        String line = SenderHandlerIT.logLine(f, "endpoint disabled");
        assertNotNull(line, f.logs());
        assertTrue(line.contains("\"endpointId\":\"ep_gone\"") && line.contains("\"reason\":\"gone\""), line);
        assertEquals(1, SenderHandlerIT.metric(f, "endpointDisabled"));

        DeliveryMessage second = f.enqueue("ep_gone", PAYLOAD.replace("ord_1", "ord_2"));
        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(5)).failed());
        assertEquals("SKIPPED", f.status(second));
        assertEquals(1, receiver.hits("/hook"), "no request to a disabled endpoint");

        assertEquals(2, depth(f, f.resources.deliveriesDlqUrl()), "both kept in deliveries-dlq");

        // The endpoint is back; the operator enables it and redrives the DLQ the way the console does.
        receiver.otherwise(TestReceiver.status(200, "ok"));
        f.registry.enable("ep_gone");
        String dlqArn = arn(f, f.resources.deliveriesDlqUrl());
        emulators.sqs().startMessageMoveTask(b -> b.sourceArn(dlqArn).destinationArn(arn(f,
                f.resources.deliveriesQueueUrl())));
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while ((!f.status(first).equals("SUCCEEDED") || !f.status(second).equals("SUCCEEDED"))
                && System.nanoTime() < until) {
            f.esm.pollOnce(Duration.ofSeconds(1));
        }
        assertEquals("SUCCEEDED", f.status(first));
        assertEquals("SUCCEEDED", f.status(second));
        assertEquals(3, receiver.hits("/hook"));
        assertEquals(2, f.attempts(first), "the attempt log keeps the first run");
        assertEquals(1, Integer.parseInt(f.record(first).get(DeliveryAttributes.ATTEMPTS_BEFORE_REDRIVE).n()));
        assertNotNull(f.record(second).get(DeliveryAttributes.REDRIVEN_AT));
        assertEquals(0, depth(f, f.resources.deliveriesDlqUrl()));
        assertTrue(f.logs().contains("\"message\":\"delivery redriven\""));
    }

    /** Only the copy named in the record reopens it: an older DLQ copy, redriven later, is a duplicate. */
    @Test
    void aStaleDeadLetteredCopyDoesNotReopenTheDelivery(Emulators emulators) {
        SenderFixture f = new SenderFixture(emulators, Map.of());
        receiver.then(TestReceiver.status(400, "no")).then(TestReceiver.status(400, "still no"));
        f.endpoint("ep_twice", receiver.url("/hook"));
        DeliveryMessage message = f.enqueue("ep_twice", PAYLOAD);
        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(5)).failed());
        List<Message> dead = f.receiveNow(f.resources.deliveriesDlqUrl());
        assertEquals(1, dead.size());
        String staleBody = DeliveryMessage.withDeadLetterId(dead.get(0).body(), "an-older-copy");

        emulators.sqs().sendMessage(b -> b.queueUrl(f.resources.deliveriesQueueUrl()).messageBody(staleBody));
        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(5)).failed());

        assertEquals("DEAD", f.status(message));
        assertEquals(1, receiver.hits("/hook"), "the stale copy made no request");
        assertTrue(f.logs().contains("\"message\":\"duplicate ignored\""));
        assertFalse(f.record(message).containsKey(DeliveryAttributes.REDRIVEN_AT));
        assertEquals("permanent failure: HTTP 400",
                dead.get(0).messageAttributes().get(Deliverer.DLQ_REASON_ATTRIBUTE).stringValue());
    }

    private static Map<String, AttributeValue> endpointItem(SenderFixture f, String id) {
        return f.emulators.dynamoDb().getItem(b -> b.tableName(f.resources.endpointsTable()).consistentRead(true)
                .key(Map.of(Tables.PK, AttributeValue.fromS(id)))).item();
    }

    private static int depth(SenderFixture f, String queueUrl) {
        Map<QueueAttributeName, String> attributes = f.emulators.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static String arn(SenderFixture f, String queueUrl) {
        return f.emulators.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
    }
}
