package dev.hookline.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.deliveries.DeliveryAttributes;
import dev.hookline.core.deliveries.DeliveryLog;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The contract between the API's retry ({@code POST .../deliveries/{delivery}/retry}, which calls
 * {@link DeliveryLog#reopenForRetry} and puts the delivery's message back on the queue) and the
 * sender, against a real HTTP sink: a DEAD delivery is sent again once the endpoint is fixed, with a
 * fresh budget, and the copy still in deliveries-dlq can no longer send it a second time.
 */
@ExtendWith(EmulatorsExtension.class)
class ApiRetryIT {
    private static final String PAYLOAD = "{\"type\":\"order.created\",\"data\":{\"id\":\"ord_retry\"}}";

    private final TestReceiver receiver = TestReceiver.start();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void aDeadDeliveryRetriedAfterTheEndpointIsFixedSucceedsAndItsDlqCopyIsThenADuplicate(Emulators emulators) {
        SenderFixture f = new SenderFixture(emulators, Map.of());
        receiver.then(TestReceiver.status(400, "broken")).otherwise(TestReceiver.status(200, "fixed"));
        f.endpoint("ep_retry", receiver.url("/hook"));
        DeliveryMessage message = f.enqueue("ep_retry", PAYLOAD);
        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(5)).failed());
        assertEquals("DEAD", f.status(message), "a 400 is permanent");
        // The attempt keeps what was sent, without the signature.
        var sent = f.record(message).get(DeliveryAttributes.ATTEMPT_LOG).l().get(0).m().get(DeliveryLog.ATTEMPT_REQUEST).m();
        assertEquals(receiver.url("/hook"), sent.get("url").s());
        var headers = sent.get("headers").m();
        assertEquals(message.messageId(), headers.get("webhook-id").s());
        assertTrue(headers.containsKey("webhook-timestamp"));
        assertTrue(!headers.containsKey("webhook-signature"), "never the signature");
        List<Message> dlq = f.receiveNow(f.resources.deliveriesDlqUrl());
        assertEquals(1, dlq.size());

        // What the API's retry does: reopen, then re-enqueue the message with the kept payload.
        DeliveryLog log = new DeliveryLog(emulators.dynamoDb(), f.resources.deliveriesTable(), Clock.systemUTC());
        assertTrue(log.reopenForRetry(message.deliveryId()));
        emulators.sqs().sendMessage(b -> b.queueUrl(f.resources.deliveriesQueueUrl()).messageBody(message.toJson()));
        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(5)).failed());
        assertEquals("SUCCEEDED", f.status(message));
        assertEquals(2, receiver.hits("/hook"));
        assertEquals(1, Integer.parseInt(f.record(message).get(DeliveryAttributes.ATTEMPTS_BEFORE_REDRIVE).n()),
                "the retry's budget starts after the first run");

        // The dead-lettered copy, redriven later, finds its dead-letter id gone: a duplicate, no request.
        emulators.sqs().sendMessage(b -> b.queueUrl(f.resources.deliveriesQueueUrl())
                .messageBody(dlq.get(0).body()));
        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(5)).failed());
        assertEquals(2, receiver.hits("/hook"), "sent once per retry, never twice");
        assertEquals("SUCCEEDED", f.status(message));

        // SUCCEEDED can be retried too (a customer lost it): sent again.
        assertTrue(log.reopenForRetry(message.deliveryId()));
        emulators.sqs().sendMessage(b -> b.queueUrl(f.resources.deliveriesQueueUrl()).messageBody(message.toJson()));
        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(5)).failed());
        assertEquals(3, receiver.hits("/hook"));
        assertEquals(false, log.reopenForRetry("no#such/delivery"));
    }
}
