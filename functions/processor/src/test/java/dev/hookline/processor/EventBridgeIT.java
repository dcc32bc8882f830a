package dev.hookline.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.events.EventPayloads;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.LocalContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An EventBridge event sent to the inbound queue as a rule's SQS target sends it (the event's JSON
 * as the message body, no attributes): processed like a received webhook, deduplicated by the
 * processor alone (it never went through a claim).
 */
@ExtendWith(EmulatorsExtension.class)
class EventBridgeIT {
    private static final String ENVELOPE = """
            {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"order.created",
             "source":"com.acme.orders","account":"111122223333","time":"2026-11-24T06:00:00Z",
             "region":"us-east-1","resources":[],"detail":{"order":42,"items":["a","b"]}}""";

    @Test
    void anEventBridgeEventIsFannedOutOnceHoweverOftenItArrives(Emulators emulators) {
        ProcessorFixture f = ProcessorFixture.create(emulators);
        f.registry.create("ep_orders", "https://orders.example.com/hook", List.of("order.*"), null);
        // As EventBridge delivers to an SQS target: a plain SendMessage of the event's JSON.
        emulators.sqs().sendMessage(b -> b.queueUrl(f.resources.inboundQueueUrl()).messageBody(ENVELOPE));

        SQSBatchResponse response = f.handler(EventHandlers.none()).handleRequest(f.receiveInbound(1),
                new LocalContext("hookline-processor", 30_000));
        assertEquals(List.of(), response.getBatchItemFailures(), f.logOut.toString());
        List<DeliveryMessage> deliveries = f.drainDeliveries();
        assertEquals(1, deliveries.size());
        DeliveryMessage d = deliveries.get(0);
        assertEquals("eventbridge:com.acme.orders#6a7e8feb-b491-4cf7-a9f1-bf3703467718", d.eventKey());
        assertEquals("order.created", d.type());
        assertTrue(d.payload().contains("\"data\":{\"order\":42,\"items\":[\"a\",\"b\"]}"), d.payload());
        assertTrue(d.payload().contains("\"timestamp\":\"2026-11-24T06:00:00Z\""), d.payload());
        assertEquals("PROCESSED", f.eventItem(d.eventKey()).get("status").s());
        assertTrue(new EventPayloads(emulators.dynamoDb(), f.resources.eventsTable()).get("default", d.messageId())
                .isPresent(), "kept under the default tenant by its message id");

        // EventBridge delivers at least once: the same event again is skipped.
        emulators.sqs().sendMessage(b -> b.queueUrl(f.resources.inboundQueueUrl()).messageBody(ENVELOPE));
        SQSBatchResponse again = f.handler(EventHandlers.none()).handleRequest(f.receiveInbound(1),
                new LocalContext("hookline-processor", 30_000));
        assertEquals(List.of(), again.getBatchItemFailures());
        assertEquals(List.of(), f.drainDeliveries());
        assertTrue(f.logOut.toString().contains("\"outcome\":\"duplicate\""), f.logOut.toString());
    }

    @Test
    void aBrokenEnvelopeFailsItsRecordNamingTheField(Emulators emulators) {
        ProcessorFixture f = ProcessorFixture.create(emulators);
        emulators.sqs().sendMessage(b -> b.queueUrl(f.resources.inboundQueueUrl()).messageBody(
                ENVELOPE.replace("\"time\":\"2026-11-24T06:00:00Z\"", "\"time\":\"yesterday\"")));
        SQSBatchResponse response = f.handler(EventHandlers.none()).handleRequest(f.receiveInbound(1),
                new LocalContext("hookline-processor", 30_000));
        assertEquals(1, response.getBatchItemFailures().size());
        assertTrue(f.logOut.toString().contains("EventBridge event field time"), f.logOut.toString());
    }
}
