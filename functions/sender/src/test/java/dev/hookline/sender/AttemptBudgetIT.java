package dev.hookline.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.deliveries.DeliveryAttributes;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.resources.Tables;
import dev.hookline.sender.internal.Deliverer;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.EventSourceMapping;
import dev.hookline.testing.LocalContext;
import dev.hookline.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The attempt budget counts HTTP attempts only, and long waits outlast one SQS receipt's 12 hours:
 * receives that make no request (our outage, an open circuit, a message back before it is due) cost
 * the customer nothing and dead-letter nothing.
 */
@ExtendWith(EmulatorsExtension.class)
class AttemptBudgetIT {
    private static final String PAYLOAD = "{\"type\":\"order.created\",\"data\":{\"id\":\"ord_1\"}}";

    private final TestReceiver receiver = TestReceiver.start();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    /**
     * SQS refuses a visibility beyond 12 hours from the receipt: an endpoint asking for 12 hours an
     * hour into the receipt gets what is left of it, the record keeps the real due time, and when the
     * message comes back early it waits again without a request, an attempt or an early end.
     */
    @Test
    void longWaitIsClampedToTheReceiptAndAnEarlyReturnWaitsAgainWithoutAnAttempt(Emulators emulators) {
        MutableClock clock = new MutableClock(Instant.now());
        SenderFixture f = new SenderFixture(emulators, new SenderFixture.Options().clock(clock)
                .env(Map.of(EnvVars.MAX_ATTEMPTS, "2")));
        // The first answer takes an hour (of the sender's clock) and asks for 12 more.
        receiver.then((exchange, r) -> {
            clock.advance(Duration.ofHours(1));
            TestReceiver.status(503, Map.of("Retry-After", "43200"), "come back tomorrow").respond(exchange, r);
        }).then(TestReceiver.status(200, "ok"));
        f.endpoint("ep_long", receiver.url("/hook"));
        DeliveryMessage message = f.enqueue("ep_long", PAYLOAD);
        Instant start = clock.instant();

        SQSEvent first = f.receive(1, Duration.ofSeconds(5));
        assertEquals(1, f.handler.handleRequest(first, new LocalContext("sender")).getBatchItemFailures().size());

        long left = Duration.ofHours(11).minus(Deliverer.RECEIPT_MARGIN).toSeconds();
        assertTrue(SenderHandlerIT.logged(f, "retryInSeconds", left), "visibility " + left + " s: " + f.logs());
        assertEquals(start.plus(Duration.ofHours(13)).toEpochMilli(),
                f.number(f.record(message), DeliveryAttributes.NEXT_ATTEMPT_AT), "the due time is the endpoint's");
        assertEquals(1, f.notVisible(), "the visibility change was accepted");

        // Back early: the visibility ran out eleven hours in, an hour before the attempt is due.
        comesBackNow(f, first);
        clock.advance(Duration.ofHours(11));
        SQSEvent second = f.receive(1, Duration.ofSeconds(5));
        assertEquals("2", second.getRecords().get(0).getAttributes().get("ApproximateReceiveCount"));
        SQSBatchResponse waited = f.handler.handleRequest(second, new LocalContext("sender"));

        assertEquals(1, waited.getBatchItemFailures().size(), "waits again");
        assertEquals(1, receiver.hits("/hook"), "no request before the due time");
        assertEquals("RETRYING", f.status(message));
        assertEquals(1, f.attempts(message));
        assertEquals(1, f.attemptLog(message).size(), "nothing written for a wait");
        assertTrue(f.logs().contains("\"outcome\":\"waiting\""));
        assertTrue(SenderHandlerIT.logged(f, "retryInSeconds", 3600), f.logs());

        // Due: the second attempt (of a budget of 2) is made, and succeeds.
        comesBackNow(f, second);
        clock.advance(Duration.ofHours(1));
        SQSEvent third = f.receive(1, Duration.ofSeconds(5));
        assertEquals(0, f.handler.handleRequest(third, new LocalContext("sender")).getBatchItemFailures().size());
        assertEquals("SUCCEEDED", f.status(message));
        assertEquals(2, f.attempts(message));
        assertEquals(2, receiver.hits("/hook"));
    }

    /**
     * About an hour of DynamoDB outage, compressed: the queue's visibility timeout is 1 s here, so
     * each second is one receive the sender fails inside itself (on AWS, one per 6 minutes). Five such
     * receives with a budget of 2 use no attempt and dead-letter nothing; once DynamoDB is back the
     * delivery has its whole budget. The outage is a client that fails every call: stopping the shared
     * DynamoDB Local would take it from every other test running.
     */
    @Test
    void dynamoDbOutageUsesNoAttemptsAndDeadLettersNothing(Emulators emulators) {
        AtomicBoolean down = new AtomicBoolean();
        SenderFixture f = new SenderFixture(emulators, new SenderFixture.Options()
                .env(Map.of(EnvVars.MAX_ATTEMPTS, "2", EnvVars.BACKOFF_SCHEDULE, "1s"))
                .visibilityTimeout(Duration.ofSeconds(1))
                .dynamo(real -> new DynamoDbOutage(real, down)));
        receiver.then(TestReceiver.status(500, "still starting")).then(TestReceiver.status(200, "ok"));
        f.endpoint("ep_outage", receiver.url("/hook"));
        DeliveryMessage message = f.enqueue("ep_outage", PAYLOAD);

        down.set(true);
        for (int i = 0; i < 5; i++) {
            EventSourceMapping.Poll poll = f.pollUntilReceived(Duration.ofSeconds(5));
            assertNotNull(poll, "receive " + (i + 1) + ": the message is still on the queue");
            assertEquals(1, poll.failed(), "receive " + (i + 1) + " fails inside the sender");
        }
        assertEquals(0, receiver.hits("/hook"));
        assertTrue(f.receiveNow(f.resources.deliveriesDlqUrl()).isEmpty(), "nothing dead-lettered");
        down.set(false);

        assertEquals(1, f.pollUntilReceived(Duration.ofSeconds(5)).failed());
        assertEquals("RETRYING", f.status(message), "the first attempt after the outage is attempt 1 of 2");
        assertEquals(1, f.attempts(message));
        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(5)).failed());
        assertEquals("SUCCEEDED", f.status(message));
        assertEquals(2, f.attempts(message));
        assertTrue(f.receiveNow(f.resources.deliveriesDlqUrl()).isEmpty());
    }

    /**
     * An open circuit defers a delivery again and again (the sender's clock stands still, so the
     * circuit stays open) without using its budget of 2; once the circuit's time is up the delivery is
     * the probe and succeeds with its first attempt.
     */
    @Test
    void circuitOpenWaitsUseNoAttemptsAndDeadLetterNothing(Emulators emulators) {
        MutableClock clock = new MutableClock(Instant.now());
        SenderFixture f = new SenderFixture(emulators, new SenderFixture.Options().clock(clock)
                .env(Map.of(EnvVars.MAX_ATTEMPTS, "2", EnvVars.BACKOFF_SCHEDULE, "1s",
                        EnvVars.CIRCUIT_OPEN_SECONDS, "1")));
        f.endpoint("ep_open", receiver.url("/hook"));
        emulators.dynamoDb().updateItem(b -> b.tableName(f.resources.endpointsTable())
                .key(Map.of(Tables.PK, AttributeValue.fromS("ep_open")))
                .updateExpression("SET circuitOpenUntil = :until, failingSince = :since, consecutiveFailures = :n")
                .expressionAttributeValues(Map.of(
                        ":until", AttributeValue.fromN(Long.toString(clock.millis() + 1000)),
                        ":since", AttributeValue.fromN(Long.toString(clock.millis())),
                        ":n", AttributeValue.fromN("5"))));
        DeliveryMessage message = f.enqueue("ep_open", PAYLOAD);

        for (int i = 0; i < 4; i++) {
            EventSourceMapping.Poll poll = f.pollUntilReceived(Duration.ofSeconds(5));
            assertNotNull(poll, "receive " + (i + 1) + ": the message is still on the queue");
            assertEquals(1, poll.failed(), "receive " + (i + 1) + " waits");
        }
        assertTrue(f.logs().contains("\"outcome\":\"deferred\""), f.logs());
        assertEquals(0, receiver.hits("/hook"));
        assertEquals(0, f.attempts(message));
        assertEquals("RETRYING", f.status(message));
        assertTrue(f.receiveNow(f.resources.deliveriesDlqUrl()).isEmpty(), "nothing dead-lettered");

        clock.advance(Duration.ofSeconds(10));
        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(5)).failed());
        assertEquals("SUCCEEDED", f.status(message));
        assertEquals(1, f.attempts(message));
        assertEquals(1, receiver.hits("/hook"));
    }

    /** What the end of a visibility timeout does: the message is visible again (the test cannot wait hours). */
    private static void comesBackNow(SenderFixture f, SQSEvent received) {
        f.emulators.sqs().changeMessageVisibility(b -> b.queueUrl(f.resources.deliveriesQueueUrl())
                .receiptHandle(received.getRecords().get(0).getReceiptHandle()).visibilityTimeout(0));
    }

    /** DynamoDB unreachable while {@code down} is set: every call fails as the SDK fails on a refused connection. */
    private static final class DynamoDbOutage implements DynamoDbClient {
        private final DynamoDbClient real;
        private final AtomicBoolean down;

        DynamoDbOutage(DynamoDbClient real, AtomicBoolean down) {
            this.real = real;
            this.down = down;
        }

        private void check() {
            if (down.get()) {
                throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
            }
        }

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            check();
            return real.getItem(request);
        }

        @Override
        public UpdateItemResponse updateItem(UpdateItemRequest request) {
            check();
            return real.updateItem(request);
        }

        @Override
        public String serviceName() {
            return real.serviceName();
        }

        @Override
        public void close() {
            // the real client belongs to the emulators
        }
    }
}
