package dev.hookline.sender;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.deliveries.DeliveryAttributes;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointStatus;
import dev.hookline.core.resources.Tables;
import dev.hookline.core.signing.EndpointSecrets;
import dev.hookline.core.signing.SigningKey;
import dev.hookline.sender.internal.Deliverer;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.EventSourceMapping;
import dev.hookline.testing.LocalContext;
import dev.hookline.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

@ExtendWith(EmulatorsExtension.class)
class SenderHandlerIT {
    private static final String PAYLOAD = "{\"type\":\"order.created\",\"data\":{\"id\":\"ord_1\",\"total\":42}}";
    private static final EndpointSecrets SECRETS = new EndpointSecrets(SigningKey.parse(SenderFixture.SIGNING_KEY));

    private final TestReceiver receiver = TestReceiver.start();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    /** The first log line with this message, or null. */
    static String logLine(SenderFixture f, String message) {
        return f.logs().lines().filter(l -> l.contains("\"message\":\"" + message + "\"")).findFirst().orElse(null);
    }

    /** The sum of an EMF metric over every line the fixture's sender wrote. */
    static long metric(SenderFixture f, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":(\\d+)").matcher(f.logs());
        long sum = 0;
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    /** Whether a log line has this whole-number field (JsonLog may write 7 as 7.0). */
    static boolean logged(SenderFixture f, String field, long value) {
        return java.util.regex.Pattern.compile("\"" + field + "\":" + value + "(\\.0)?[,}]").matcher(f.logs()).find();
    }

    @Test
    void signedDeliveryReachesEndpointAndVerifiesWithStandardWebhooksLibrary(Emulators emulators) throws Exception {
        SenderFixture f = new SenderFixture(emulators, Map.of());
        f.endpoint("ep_ok", receiver.url("/hook"));
        DeliveryMessage message = f.enqueue("ep_ok", PAYLOAD);

        EventSourceMapping.Poll poll = f.pollUntilReceived(Duration.ofSeconds(5));

        assertEquals(0, poll.failed());
        List<TestReceiver.Request> requests = receiver.requests();
        assertEquals(1, requests.size());
        TestReceiver.Request request = requests.get(0);
        assertEquals(PAYLOAD, request.body());
        assertEquals(message.messageId(), request.header("webhook-id"));
        assertEquals("application/json", request.header("content-type"));
        assertTrue(request.header("user-agent").matches("hookline/\\d+\\.\\d+\\.\\d+.*"), request.header("user-agent"));
        new Webhook(SECRETS.secret("ep_ok", 1)).verify(request.body(), request.headers());
        assertThrows(WebhookVerificationException.class,
                () -> new Webhook(SECRETS.secret("ep_ok", 2)).verify(request.body(), request.headers()));

        assertEquals("SUCCEEDED", f.status(message));
        assertEquals(1, f.attempts(message));
        List<Map<String, AttributeValue>> log = f.attemptLog(message);
        assertEquals(1, log.size());
        assertEquals("200", log.get(0).get("statusCode").n());
        assertEquals("ok", log.get(0).get("responseBody").s());
        assertTrue(log.get(0).containsKey("durationMs"));
        assertTrue(log.get(0).containsKey("at"));
        assertTrue(f.receiveNow(f.resources.deliveriesQueueUrl()).isEmpty(), "acknowledged: deleted from the queue");
    }

    @Test
    void duringRotationEitherSecretVerifies(Emulators emulators) throws Exception {
        SenderFixture f = new SenderFixture(emulators, Map.of());
        f.endpoint("ep_rot", receiver.url("/hook"));
        f.registry.rotateSecret("ep_rot");
        f.enqueue("ep_rot", PAYLOAD);

        f.pollUntilReceived(Duration.ofSeconds(5));

        TestReceiver.Request request = receiver.requests().get(0);
        assertEquals(2, request.header("webhook-signature").split(" ").length);
        new Webhook(SECRETS.secret("ep_rot", 1)).verify(request.body(), request.headers());
        new Webhook(SECRETS.secret("ep_rot", 2)).verify(request.body(), request.headers());
    }

    @Test
    void afterGracePeriodOnlyTheNewSecretSigns(Emulators emulators) throws Exception {
        SenderFixture f = new SenderFixture(emulators, Map.of(EnvVars.SECRET_GRACE_HOURS, "0"));
        f.endpoint("ep_rot0", receiver.url("/hook"));
        f.registry.rotateSecret("ep_rot0");
        f.enqueue("ep_rot0", PAYLOAD);

        f.pollUntilReceived(Duration.ofSeconds(5));

        TestReceiver.Request request = receiver.requests().get(0);
        new Webhook(SECRETS.secret("ep_rot0", 2)).verify(request.body(), request.headers());
        assertThrows(WebhookVerificationException.class,
                () -> new Webhook(SECRETS.secret("ep_rot0", 1)).verify(request.body(), request.headers()));
    }

    /**
     * A busy sender (every delivery a success) still re-reads its endpoint once the cache time is up:
     * a success with nothing to reset writes nothing, and must not make the cached copy young again.
     */
    @Test
    void busySenderReReadsItsEndpointWithinTheCacheTime(Emulators emulators) {
        MutableClock clock = new MutableClock(Instant.now());
        SenderFixture f = new SenderFixture(emulators, new SenderFixture.Options()
                .env(Map.of(EnvVars.ENDPOINT_CACHE_SECONDS, "2")).clock(clock));
        f.endpoint("ep_busy", receiver.url("/old"));
        f.enqueue("ep_busy", PAYLOAD);
        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(5)).failed());
        assertEquals(1, receiver.hits("/old"));

        // Meanwhile the URL changes, and another sender instance saw the endpoint fail.
        f.registry.updateUrl("ep_busy", receiver.url("/new"));
        emulators.dynamoDb().updateItem(b -> b.tableName(f.resources.endpointsTable())
                .key(Map.of(Tables.PK, AttributeValue.fromS("ep_busy")))
                .updateExpression("SET failingSince = :t, consecutiveFailures = :n")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromN(Long.toString(clock.millis())),
                        ":n", AttributeValue.fromN("2"))));

        clock.advance(Duration.ofSeconds(1));
        f.enqueue("ep_busy", PAYLOAD);
        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(5)).failed());
        assertEquals(2, receiver.hits("/old"), "within the cache time the cached copy is used");

        clock.advance(Duration.ofMillis(1500));
        f.enqueue("ep_busy", PAYLOAD);
        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(5)).failed());
        assertEquals(1, receiver.hits("/new"), "2.5 s after the first read the endpoint was read again");
        assertEquals(2, receiver.hits("/old"));
        Endpoint endpoint = f.registry.require("ep_busy");
        assertNull(endpoint.failingSince(), "the success cleared the failing streak the fresh read showed");
        assertEquals(0, endpoint.consecutiveFailures());
    }

    /**
     * Anything thrown while building a request counts as a failed attempt against the endpoint,
     * retried, with its reason in the log. The HTTP client is wrapped to throw, a fault that cannot be
     * caused for real any more (the trailing-dot SNI failure that did it is fixed; see
     * GuardedHttpClientIT); it throws IllegalArgumentException, as that failure did.
     */
    @Test
    void exceptionBuildingTheRequestIsARetriedEndpointFailureNotADeadDelivery(Emulators emulators) {
        SenderFixture f = new SenderFixture(emulators, new SenderFixture.Options().http(real -> (url, h, body) -> {
            throw new IllegalArgumentException("Server name value of host_name cannot have the trailing dot");
        }));
        f.endpoint("ep_throws", receiver.url("/hook"));
        DeliveryMessage message = f.enqueue("ep_throws", PAYLOAD);

        assertEquals(1, f.pollUntilReceived(Duration.ofSeconds(5)).failed());

        assertEquals("RETRYING", f.status(message));
        assertEquals(1, f.attempts(message));
        assertEquals("request could not be made: IllegalArgumentException",
                f.attemptLog(message).get(0).get("error").s());
        assertEquals(1, f.registry.require("ep_throws").consecutiveFailures(), "counted against the endpoint");
        assertTrue(f.receiveNow(f.resources.deliveriesDlqUrl()).isEmpty());
    }

    @Test
    void serverErrorThenSuccessRetriesAfterFirstBackoffStep(Emulators emulators) {
        SenderFixture f = new SenderFixture(emulators, Map.of());
        receiver.then(TestReceiver.status(500, "boom")).then(TestReceiver.status(200, "fine"));
        f.endpoint("ep_retry", receiver.url("/hook"));
        DeliveryMessage message = f.enqueue("ep_retry", PAYLOAD);

        EventSourceMapping.Poll first = f.pollUntilReceived(Duration.ofSeconds(5));

        assertEquals(1, first.failed(), "a 500 reports the item failed");
        assertEquals("RETRYING", f.status(message));
        Map<String, AttributeValue> afterFirst = f.record(message);
        long at = Long.parseLong(f.attemptLog(message).get(0).get("at").n());
        long wait = f.number(afterFirst, DeliveryAttributes.NEXT_ATTEMPT_AT) - at;
        assertTrue(wait >= 800 - 50 && wait <= 1200 + 250, "first step 1s ±20%, was " + wait + " ms");
        assertTrue(logged(f, "retryInSeconds", 1), "visibility set to the first step: 1 s");
        // Invisible now (not deleted, not visible) ...
        assertTrue(f.receiveNow(f.resources.deliveriesQueueUrl()).isEmpty());
        assertEquals(1, f.notVisible());

        // ... and back after the step, when the second attempt succeeds.
        EventSourceMapping.Poll second = f.pollUntilReceived(Duration.ofSeconds(10));
        assertNotNull(second, "the message came back");
        assertEquals(0, second.failed());
        assertEquals("SUCCEEDED", f.status(message));
        assertEquals(2, f.attempts(message));
        List<Map<String, AttributeValue>> log = f.attemptLog(message);
        assertEquals(List.of("500", "200"), log.stream().map(e -> e.get("statusCode").n()).toList());
        assertEquals("boom", log.get(0).get("responseBody").s());
        assertEquals(2, receiver.hits("/hook"));
    }

    @Test
    void exhaustedAttemptsAreDeadLetteredByTheSenderWithTheirPayload(Emulators emulators) {
        SenderFixture f = new SenderFixture(emulators, Map.of(EnvVars.MAX_ATTEMPTS, "2",
                EnvVars.BACKOFF_SCHEDULE, "1s"));
        receiver.otherwise(TestReceiver.status(503, "down"));
        f.endpoint("ep_dead", receiver.url("/hook"));
        DeliveryMessage message = f.enqueue("ep_dead", PAYLOAD);

        assertEquals(1, f.pollUntilReceived(Duration.ofSeconds(5)).failed());
        assertEquals("RETRYING", f.status(message));
        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(10)).failed(),
                "the last attempt dead-letters the message and acknowledges it");
        assertEquals("DEAD", f.status(message));
        assertEquals(2, f.attempts(message));
        assertTrue(f.record(message).get(DeliveryAttributes.LAST_ERROR).s().contains("attempts exhausted"));

        // The sender, not the queue's redrive (its maxReceiveCount is only a safety net), put it there.
        List<Message> dead = f.receiveNow(f.resources.deliveriesDlqUrl());
        assertEquals(1, dead.size());
        assertEquals(message, DeliveryMessage.fromJson(dead.get(0).body()));
        assertEquals("HTTP 503; attempts exhausted",
                dead.get(0).messageAttributes().get(Deliverer.DLQ_REASON_ATTRIBUTE).stringValue());
        String deadLetterId = DeliveryMessage.deadLetterId(dead.get(0).body());
        assertNotNull(deadLetterId);
        assertEquals(deadLetterId, f.record(message).get(DeliveryAttributes.DEAD_LETTER_ID).s(),
                "the record names the one copy whose redrive reopens it");
        assertEquals(0, f.notVisible());
        assertEquals(2, receiver.hits("/hook"));
    }

    @Test
    void clientErrorGoesToDlqAtOnce(Emulators emulators) {
        SenderFixture f = new SenderFixture(emulators, Map.of());
        receiver.otherwise(TestReceiver.status(400, "bad payload"));
        f.endpoint("ep_400", receiver.url("/hook"));
        DeliveryMessage message = f.enqueue("ep_400", PAYLOAD);

        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(5)).failed(), "acknowledged");

        assertEquals("DEAD", f.status(message));
        List<Message> dead = f.receiveNow(f.resources.deliveriesDlqUrl());
        assertEquals(1, dead.size());
        assertEquals(message, DeliveryMessage.fromJson(dead.get(0).body()));
        assertEquals("permanent failure: HTTP 400",
                dead.get(0).messageAttributes().get(Deliverer.DLQ_REASON_ATTRIBUTE).stringValue());
        assertEquals(0, f.notVisible());
        assertTrue(f.receiveNow(f.resources.deliveriesQueueUrl()).isEmpty());
        assertEquals(1, receiver.hits("/hook"));
    }

    @Test
    void tooManyRequestsWithRetryAfterDefersBySevenSeconds(Emulators emulators) {
        SenderFixture f = new SenderFixture(emulators, Map.of());
        receiver.then(TestReceiver.status(429, Map.of("Retry-After", "7"), "slow down"));
        f.endpoint("ep_429", receiver.url("/hook"));
        DeliveryMessage message = f.enqueue("ep_429", PAYLOAD);

        assertEquals(1, f.pollUntilReceived(Duration.ofSeconds(5)).failed());

        assertTrue(logged(f, "retryInSeconds", 7), "ChangeMessageVisibility to 7 s: " + f.logs());
        Map<String, AttributeValue> record = f.record(message);
        long at = Long.parseLong(f.attemptLog(message).get(0).get("at").n());
        long wait = f.number(record, DeliveryAttributes.NEXT_ATTEMPT_AT) - at;
        assertTrue(wait >= 7000 && wait <= 7000 + 1000, "Retry-After honoured without jitter, was " + wait + " ms");
        assertEquals("429", f.attemptLog(message).get(0).get("statusCode").n());
        assertEquals(1, f.notVisible());
        // Past the schedule's 1 s first step the queue still holds it back: Retry-After, not the schedule, applied.
        assertEquals(0, f.esm.pollOnce(Duration.ofSeconds(2)).received());
        assertEquals(1, f.notVisible());
        assertEquals(1, receiver.hits("/hook"));
    }

    @Test
    void hangLongerThanTimeoutCountsAsFailure(Emulators emulators) {
        SenderFixture f = new SenderFixture(emulators, Map.of(), Duration.ofSeconds(1));
        receiver.then(TestReceiver.hang());
        f.endpoint("ep_hang", receiver.url("/hook"));
        DeliveryMessage message = f.enqueue("ep_hang", PAYLOAD);

        assertEquals(1, f.pollUntilReceived(Duration.ofSeconds(5)).failed());

        assertEquals("RETRYING", f.status(message));
        Map<String, AttributeValue> entry = f.attemptLog(message).get(0);
        assertFalse(entry.containsKey("statusCode"));
        assertTrue(entry.get("error").s().startsWith("timeout"), entry.get("error").s());
        assertEquals(1, f.attempts(message));
    }

    @Test
    void hangingEndpointDoesNotHoldTheRestOfTheBatch(Emulators emulators) {
        SenderFixture f = new SenderFixture(emulators, Map.of(), Duration.ofSeconds(1));
        receiver.otherwise((exchange, r) -> {
            if (exchange.getRequestURI().getPath().equals("/slow")) {
                TestReceiver.hang().respond(exchange, r);
            } else {
                TestReceiver.status(200, "ok").respond(exchange, r);
            }
        });
        f.endpoint("ep_slow", receiver.url("/slow"));
        f.endpoint("ep_fast", receiver.url("/fast"));
        DeliveryMessage slow = f.enqueue("ep_slow", PAYLOAD);
        DeliveryMessage fast = f.enqueue("ep_fast", PAYLOAD);
        SQSEvent batch = f.receive(2, Duration.ofSeconds(5));

        SQSBatchResponse response = f.handler.handleRequest(batch, new LocalContext("sender"));

        assertEquals(1, response.getBatchItemFailures().size(), "only the hanging delivery failed");
        assertEquals("SUCCEEDED", f.status(fast));
        assertEquals("RETRYING", f.status(slow));
        assertTrue(f.attemptLog(slow).get(0).get("error").s().startsWith("timeout"));
    }

    @Test
    void redirectIsFailureAndLocationIsNeverRequested(Emulators emulators) {
        SenderFixture f = new SenderFixture(emulators, Map.of());
        receiver.then(TestReceiver.status(302, Map.of("Location", receiver.url("/target")), ""));
        f.endpoint("ep_302", receiver.url("/hook"));
        DeliveryMessage message = f.enqueue("ep_302", PAYLOAD);

        assertEquals(1, f.pollUntilReceived(Duration.ofSeconds(5)).failed());

        assertEquals("RETRYING", f.status(message));
        assertEquals("302", f.attemptLog(message).get(0).get("statusCode").n());
        assertEquals(1, receiver.hits("/hook"));
        assertEquals(0, receiver.hits("/target"), "the Location was never requested");
    }

    @Test
    void batchOfTenIsSentConcurrently(Emulators emulators) {
        SenderFixture f = new SenderFixture(emulators, Map.of(EnvVars.SENDER_CONCURRENCY, "10"));
        receiver.otherwise(TestReceiver.holdUntilInFlight(5));
        f.endpoint("ep_many", receiver.url("/hook"));
        List<DeliveryMessage> messages = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            messages.add(f.enqueue("ep_many", "{\"n\":" + i + "}"));
        }
        SQSEvent batch = f.receive(10, Duration.ofSeconds(5));
        assertEquals(10, batch.getRecords().size());

        SQSBatchResponse response = f.handler.handleRequest(batch, new LocalContext("sender"));

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertTrue(receiver.maxInFlight() >= 5, "requests in flight at once: " + receiver.maxInFlight());
        for (DeliveryMessage m : messages) {
            assertEquals("SUCCEEDED", f.status(m));
        }
    }

    @Test
    void circuitOpensAfterFailuresDefersWithoutRequestAndProbeSuccessClosesIt(Emulators emulators)
            throws InterruptedException {
        SenderFixture f = new SenderFixture(emulators, Map.of(EnvVars.CIRCUIT_FAILURE_THRESHOLD, "2",
                EnvVars.CIRCUIT_OPEN_SECONDS, "2", EnvVars.MAX_ATTEMPTS, "5"));
        // The two failures ask for an hour, so only the third delivery comes back during the test.
        receiver.then(TestReceiver.status(500, Map.of("Retry-After", "3600"), "down"))
                .then(TestReceiver.status(500, Map.of("Retry-After", "3600"), "down"));
        f.endpoint("ep_cb", receiver.url("/hook"));
        f.enqueue("ep_cb", PAYLOAD);
        assertEquals(1, f.pollUntilReceived(Duration.ofSeconds(5)).failed());
        Endpoint afterOne = f.registry.require("ep_cb");
        assertEquals(1, afterOne.consecutiveFailures());
        assertNotNull(afterOne.failingSince());
        assertNull(afterOne.circuitOpenUntil(), "closed below the threshold");
        f.enqueue("ep_cb", PAYLOAD);
        assertEquals(1, f.pollUntilReceived(Duration.ofSeconds(5)).failed());

        Endpoint open = f.registry.require("ep_cb");
        assertEquals(2, open.consecutiveFailures());
        assertNotNull(open.circuitOpenUntil(), "open at the threshold");
        assertTrue(open.circuitOpenUntil().isAfter(Instant.now()));

        DeliveryMessage third = f.enqueue("ep_cb", PAYLOAD);
        assertEquals(1, f.pollUntilReceived(Duration.ofSeconds(5)).failed(), "deferred");
        assertEquals(2, receiver.hits("/hook"), "no request while the circuit is open");
        assertEquals("RETRYING", f.status(third));
        assertEquals(0, f.attempts(third), "a deferral is not an HTTP attempt");
        assertTrue(f.attemptLog(third).get(0).get("error").s().startsWith("circuit open"));
        assertTrue(f.logs().contains("\"outcome\":\"deferred\""));

        // After the open period the deferred delivery comes back and is the probe: it succeeds, the circuit closes.
        EventSourceMapping.Poll probe = f.pollUntilReceived(Duration.ofSeconds(10));
        assertNotNull(probe);
        assertEquals(0, probe.failed());
        assertEquals("SUCCEEDED", f.status(third));
        assertEquals(3, receiver.hits("/hook"));
        Endpoint closed = f.registry.require("ep_cb");
        assertEquals(0, closed.consecutiveFailures());
        assertNull(closed.circuitOpenUntil());
        assertNull(closed.failingSince());
        assertEquals(EndpointStatus.ACTIVE, closed.status());
    }

    @Test
    void endpointFailingLongerThanDisableAfterIsDisabled(Emulators emulators) {
        SenderFixture f = new SenderFixture(emulators, Map.of(EnvVars.DISABLE_AFTER_HOURS, "120"));
        receiver.otherwise(TestReceiver.status(500, "down"));
        f.endpoint("ep_old", receiver.url("/hook"));
        long sixDaysAgo = Instant.now().minus(Duration.ofDays(6)).toEpochMilli();
        emulators.dynamoDb().updateItem(b -> b.tableName(f.resources.endpointsTable())
                .key(Map.of(Tables.PK, AttributeValue.fromS("ep_old")))
                .updateExpression("SET failingSince = :t, consecutiveFailures = :n")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromN(Long.toString(sixDaysAgo)),
                        ":n", AttributeValue.fromN("40"))));
        f.enqueue("ep_old", PAYLOAD);

        f.pollUntilReceived(Duration.ofSeconds(5));

        Endpoint endpoint = f.registry.require("ep_old");
        assertEquals(EndpointStatus.DISABLED, endpoint.status());
        assertEquals("failing", endpoint.disabledReason());
        assertEquals(41, endpoint.consecutiveFailures());
        String line = logLine(f, "endpoint disabled");
        assertNotNull(line, f.logs());
        assertTrue(line.contains("\"endpointId\":\"ep_old\"") && line.contains("\"reason\":\"failing\""), line);
        assertEquals(1, metric(f, "endpointDisabled"));
    }

    @Test
    void finishedDeliveryIsAcknowledgedWithoutRequest(Emulators emulators) {
        SenderFixture f = new SenderFixture(emulators, Map.of());
        f.endpoint("ep_dup", receiver.url("/hook"));
        DeliveryMessage message = f.enqueue("ep_dup", PAYLOAD);
        f.putRecord(message, dev.hookline.core.deliveries.DeliveryStatus.SUCCEEDED);

        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(5)).failed());

        assertEquals(0, receiver.hits("/hook"));
        assertEquals("SUCCEEDED", f.status(message));
        assertTrue(f.receiveNow(f.resources.deliveriesQueueUrl()).isEmpty());
    }

    @Test
    void operatorDisabledEndpointIsSkippedAndKept(Emulators emulators) {
        SenderFixture f = new SenderFixture(emulators, Map.of());
        f.endpoint("ep_off", receiver.url("/hook"));
        f.registry.disable("ep_off", "operator");
        DeliveryMessage message = f.enqueue("ep_off", PAYLOAD);

        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(5)).failed());

        assertEquals("SKIPPED", f.status(message));
        assertEquals(0, receiver.hits("/hook"));
        assertNotNull(f.record(message).get(DeliveryAttributes.ATTEMPT_LOG), "why it was skipped is in the log");
        // Kept: the payload waits in deliveries-dlq for a redrive once the endpoint is enabled.
        List<Message> kept = f.receiveNow(f.resources.deliveriesDlqUrl());
        assertEquals(1, kept.size());
        assertEquals(message, DeliveryMessage.fromJson(kept.get(0).body()));
        assertEquals("endpoint disabled: operator",
                kept.get(0).messageAttributes().get(Deliverer.DLQ_REASON_ATTRIBUTE).stringValue());
    }

    @Test
    void malformedMessageIsParkedInDlq(Emulators emulators) {
        SenderFixture f = new SenderFixture(emulators, Map.of());
        emulators.sqs().sendMessage(b -> b.queueUrl(f.resources.deliveriesQueueUrl()).messageBody("{\"nope\":1}"));

        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(5)).failed());

        List<Message> dead = f.receiveNow(f.resources.deliveriesDlqUrl());
        assertEquals(1, dead.size());
        assertEquals("{\"nope\":1}", dead.get(0).body());
        assertTrue(dead.get(0).messageAttributes().get(Deliverer.DLQ_REASON_ATTRIBUTE).stringValue()
                .startsWith("malformed"));
    }

    @Test
    void strictGuardRefusesLoopbackEndpointPermanently(Emulators emulators) {
        SenderFixture f = new SenderFixture(emulators, Map.of(EnvVars.ALLOW_HTTP_ENDPOINTS, "false",
                EnvVars.ALLOWED_PRIVATE_NETWORKS, ""));
        f.endpoint("ep_ssrf", "https://127.0.0.1:" + receiver.port() + "/hook");
        DeliveryMessage message = f.enqueue("ep_ssrf", PAYLOAD);

        assertEquals(0, f.pollUntilReceived(Duration.ofSeconds(5)).failed());

        assertEquals("DEAD", f.status(message));
        assertEquals(0, receiver.requests().size());
        List<Message> dead = f.receiveNow(f.resources.deliveriesDlqUrl());
        assertEquals(1, dead.size());
        assertTrue(dead.get(0).messageAttributes().get(Deliverer.DLQ_REASON_ATTRIBUTE).stringValue()
                .contains("loopback"));
        assertDoesNotThrow(() -> f.registry.require("ep_ssrf"));
    }
}
