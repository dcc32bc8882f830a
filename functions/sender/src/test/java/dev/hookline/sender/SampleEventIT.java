package dev.hookline.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.deliveries.DeliveryStatus;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.LocalContext;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sample event under events/sender/ (the one {@code sam local invoke} uses) drives the handler. */
@ExtendWith(EmulatorsExtension.class)
class SampleEventIT {
    private static final String SAMPLE = "../../events/sender/sqs-event.json";

    private final TestReceiver receiver = TestReceiver.start();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void sampleEventIsDeliveredAndAcknowledged(Emulators emulators) {
        SQSEvent event = EventLoader.loadSQSEvent(SAMPLE);
        DeliveryMessage message = DeliveryMessage.fromJson(event.getRecords().get(0).getBody());
        SenderFixture f = new SenderFixture(emulators, Map.of());
        f.endpoint(message.endpointId(), receiver.url("/sink"));
        f.putRecord(message, DeliveryStatus.PENDING);

        SQSBatchResponse response = f.handler.handleRequest(event, new LocalContext("sender"));

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(1, receiver.requests().size());
        assertEquals(message.messageId(), receiver.requests().get(0).header("webhook-id"));
        assertEquals(message.payload(), receiver.requests().get(0).body());
        assertEquals("SUCCEEDED", f.status(message));
    }

    @Test
    void sampleEventToAFailingEndpointIsReportedFailed(Emulators emulators) {
        SQSEvent event = EventLoader.loadSQSEvent(SAMPLE);
        DeliveryMessage message = DeliveryMessage.fromJson(event.getRecords().get(0).getBody());
        SenderFixture f = new SenderFixture(emulators, Map.of());
        receiver.otherwise(TestReceiver.status(500, "nope"));
        f.endpoint(message.endpointId(), receiver.url("/sink"));
        f.putRecord(message, DeliveryStatus.PENDING);

        SQSBatchResponse response = f.handler.handleRequest(event, new LocalContext("sender"));

        assertEquals(1, response.getBatchItemFailures().size());
        assertEquals(event.getRecords().get(0).getMessageId(),
                response.getBatchItemFailures().get(0).getItemIdentifier());
        assertEquals("RETRYING", f.status(message));
        // The sample's receipt handle is not a real one: the visibility change fails, is logged, and
        // the message would still come back after the queue's own visibility timeout.
        assertTrue(f.logs().contains("visibility change failed"));
    }
}
