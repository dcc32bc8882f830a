package dev.hookline.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.aws.AwsClients;
import dev.hookline.core.events.EventKey;
import dev.hookline.core.events.InboundMessage;
import dev.hookline.core.json.Json;
import dev.hookline.core.log.JsonLog;
import dev.hookline.core.metrics.Metrics;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.core.events.ClaimResult;
import dev.hookline.core.events.EventClaims;
import dev.hookline.core.events.EventAttributes;
import dev.hookline.receiver.testing.FaultyDynamoDb;
import dev.hookline.receiver.testing.InboundProbe;
import dev.hookline.testing.MutableClock;
import dev.hookline.receiver.testing.Requests;
import dev.hookline.receiver.testing.SendThenFailSqs;
import dev.hookline.receiver.testing.Signers;
import dev.hookline.receiver.testing.TestConfig;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.LocalContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The receiver against real DynamoDB Local and ElasticMQ: DESIGN §2's table and claim state machine. */
@ExtendWith(EmulatorsExtension.class)
class ReceiverHandlerIT {
    /**
     * Now rather than a fixed date, so every item's expiresAt (T0 + dedupe window) lies in the
     * future as it does in production: the events table has TTL on, and expired items are not
     * what these tests are about.
     */
    private static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private static Emulators emulators;
    private static HooklineResources resources;
    private static InboundProbe probe;
    /** The handler's clients sign as the receiver, so the harness holds its calls to the receiver's role. */
    private static AwsClients asReceiver;

    private final MutableClock clock = new MutableClock(T0);
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeAll
    static void provision(Emulators given) {
        emulators = given;
        resources = given.provision();
        probe = new InboundProbe(given.sqs(), resources.inboundQueueUrl());
        asReceiver = given.clientsAs("receiver");
    }

    private ReceiverHandler handler() {
        return handler(asReceiver.dynamoDb(), asReceiver.sqs(), resources.inboundQueueUrl(), ReceiverOptions.defaults());
    }

    private ReceiverHandler handler(DynamoDbClient dynamoDb, SqsClient sqs, String queueUrl, ReceiverOptions options) {
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        return new ReceiverHandler(TestConfig.source(), dynamoDb, sqs, resources.eventsTable(), queueUrl, clock,
                options, new JsonLog("receiver", out, clock, false), new Metrics("receiver", out, clock));
    }

    private static APIGatewayV2HTTPEvent github(String deliveryId, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return Requests.post("github", githubHeaders(deliveryId, bytes), bytes);
    }

    private static Map<String, String> githubHeaders(String deliveryId, byte[] body) {
        return Map.of("X-Hub-Signature-256", Signers.github(TestConfig.GITHUB_SECRET, body),
                "X-GitHub-Delivery", deliveryId, "X-GitHub-Event", "issues", "Content-Type", "application/json",
                "User-Agent", "GitHub-Hookshot/abc");
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private static APIGatewayV2HTTPResponse invoke(ReceiverHandler handler, APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new LocalContext("receiver"));
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        return Json.parseOrNull(response.getBody());
    }

    private static Map<String, AttributeValue> item(String source, String eventId) {
        return emulators.dynamoDb().getItem(b -> b.tableName(resources.eventsTable()).consistentRead(true)
                .key(Map.of(EventAttributes.PK, AttributeValue.fromS(EventKey.of(source, eventId))))).item();
    }

    private String logs() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void newEventIsAcceptedQueuedOnceAndMarkedEnqueued() {
        String id = newId();
        String body = "{\"action\":\"opened\",\"issue\":{\"number\":7}}";
        APIGatewayV2HTTPResponse response = invoke(handler(), github(id, body));

        assertEquals(202, response.getStatusCode());
        assertEquals("accepted", json(response).get("status").asText());
        assertEquals(id, json(response).get("eventId").asText());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));

        List<Message> messages = probe.messagesFor("github", id);
        assertEquals(1, messages.size());
        Message message = messages.get(0);
        assertEquals("github", message.messageAttributes().get(InboundMessage.ATTR_SOURCE).stringValue());
        assertEquals("issues.opened", message.messageAttributes().get(InboundMessage.ATTR_TYPE).stringValue());
        InboundMessage inbound = InboundMessage.fromJson(message.body());
        assertEquals(new InboundMessage("github", id, "issues.opened", T0, body.getBytes(StandardCharsets.UTF_8),
                Map.of("content-type", "application/json", "user-agent", "GitHub-Hookshot/abc",
                        "x-github-delivery", id, "x-github-event", "issues")), inbound);
        assertFalse(message.body().contains("x-hub-signature-256"), "signature headers never travel");

        Map<String, AttributeValue> item = item("github", id);
        assertEquals("ENQUEUED", item.get(EventAttributes.STATUS).s());
        assertEquals("issues.opened", item.get(EventAttributes.TYPE).s());
        assertEquals(EventClaims.bodyHash(body.getBytes(StandardCharsets.UTF_8)), item.get(EventAttributes.BODY_SHA256).s());
        assertEquals(T0.toEpochMilli(), Long.parseLong(item.get(EventAttributes.RECEIVED_AT).n()));
        assertEquals(T0.plus(Duration.ofHours(72)).getEpochSecond(), Long.parseLong(item.get(EventAttributes.EXPIRES_AT).n()));

        assertTrue(logs().contains("\"outcome\":\"accepted\""));
        assertTrue(logs().contains("\"accepted\":1"), "EMF line counts the acceptance");
        assertFalse(logs().contains(TestConfig.GITHUB_SECRET));
    }

    @Test
    void repeatIsAnsweredDuplicateWithoutSecondMessage() {
        String id = newId();
        String body = "{\"action\":\"closed\"}";
        ReceiverHandler handler = handler();
        assertEquals(202, invoke(handler, github(id, body)).getStatusCode());
        clock.advance(Duration.ofMinutes(5));
        APIGatewayV2HTTPResponse repeat = invoke(handler, github(id, body));

        assertEquals(200, repeat.getStatusCode());
        assertEquals("duplicate", json(repeat).get("status").asText());
        assertEquals(1, probe.messagesFor("github", id).size());
        assertTrue(logs().contains("\"duplicates\":1"));
    }

    @Test
    void twentyConcurrentDeliveriesOfOneEventQueueExactlyOneMessage() throws Exception {
        String id = newId();
        String body = "{\"action\":\"labeled\"}";
        ReceiverHandler handler = handler();
        int deliveries = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < deliveries; i++) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return invoke(handler, github(id, body)).getStatusCode();
                }));
            }
            start.countDown();
            Map<Integer, Integer> counts = new HashMap<>();
            for (Future<Integer> status : statuses) {
                counts.merge(status.get(), 1, Integer::sum);
            }
            assertEquals(1, counts.getOrDefault(202, 0), "exactly one delivery is accepted: " + counts);
            assertEquals(deliveries - 1, counts.getOrDefault(200, 0) + counts.getOrDefault(503, 0),
                    "the others are duplicates or told to retry: " + counts);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, probe.messagesFor("github", id).size());
        assertEquals(200, invoke(handler, github(id, body)).getStatusCode(), "a later retry is a duplicate");
        assertEquals(1, probe.messagesFor("github", id).size());
    }

    @Test
    void sameIdWithAnotherBodyIsAConflictLoggedAsSecurityEvent() {
        String id = newId();
        ReceiverHandler handler = handler();
        assertEquals(202, invoke(handler, github(id, "{\"action\":\"opened\"}")).getStatusCode());
        APIGatewayV2HTTPResponse conflict = invoke(handler, github(id, "{\"action\":\"deleted\"}"));

        assertEquals(409, conflict.getStatusCode());
        assertNotNull(json(conflict).get("error"));
        assertEquals(1, probe.messagesFor("github", id).size());
        assertEquals("ENQUEUED", item("github", id).get(EventAttributes.STATUS).s());
        assertTrue(logs().lines().anyMatch(l -> l.contains("\"security\":true") && l.contains(id)),
                "a security line names the event");
    }

    @Test
    void enqueueFailureLeavesNoClaimAndTheRetryIsAccepted() {
        String goneQueue = emulators.sqs().createQueue(b -> b.queueName(Emulators.nextPrefix() + "gone")).queueUrl();
        emulators.sqs().deleteQueue(b -> b.queueUrl(goneQueue));
        String id = newId();
        String body = "{\"action\":\"reopened\"}";

        APIGatewayV2HTTPResponse failed = invoke(
                handler(asReceiver.dynamoDb(), asReceiver.sqs(), goneQueue, ReceiverOptions.defaults()), github(id, body));
        assertEquals(503, failed.getStatusCode());
        assertFalse(failed.getBody().contains("Queue"), "no SQS detail in the body: " + failed.getBody());
        assertTrue(item("github", id).isEmpty(), "the claim was released");
        assertTrue(logs().contains("\"enqueueFailures\":1"));

        APIGatewayV2HTTPResponse retry = invoke(handler(), github(id, body));
        assertEquals(202, retry.getStatusCode());
        assertEquals(1, probe.messagesFor("github", id).size());
        assertEquals("ENQUEUED", item("github", id).get(EventAttributes.STATUS).s());
    }

    @Test
    void markingEnqueuedFailingAfterTheSendStillAnswers202WithTheEventQueued() {
        // DynamoDB accepts the claim, SQS takes the message, then DynamoDB fails (injected: see FaultyDynamoDb).
        String id = newId();
        ReceiverHandler handler = handler(new FaultyDynamoDb(asReceiver.dynamoDb(), "UpdateItem"), asReceiver.sqs(),
                resources.inboundQueueUrl(), ReceiverOptions.defaults());

        APIGatewayV2HTTPResponse response = invoke(handler, github(id, "{\"action\":\"edited\"}"));

        assertEquals(202, response.getStatusCode(), "the event is on the queue: that is what the provider must hear");
        assertEquals(1, probe.messagesFor("github", id).size());
        assertEquals("PENDING", item("github", id).get(EventAttributes.STATUS).s(), "left for its lease to cover");
        assertTrue(logs().contains("\"markEnqueuedFailures\":1"), logs());
    }

    /** What the processor does with the message that reached the queue: an unconditional SET (EventStore.markProcessed). */
    private static void processorMarksProcessed(String source, String eventId) {
        emulators.dynamoDb().updateItem(b -> b.tableName(resources.eventsTable())
                .key(Map.of(EventAttributes.PK, AttributeValue.fromS(EventKey.of(source, eventId))))
                .updateExpression("SET #s = :p").expressionAttributeNames(Map.of("#s", EventAttributes.STATUS))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("PROCESSED"))));
    }

    @Test
    void sendWithUnknownOutcomeKeepsTheClaimSoTheRetryIsADuplicateNotA409() {
        String id = newId();
        String body = "{\"action\":\"labeled\"}";
        ReceiverHandler timingOut = handler(emulators.dynamoDb(), new SendThenFailSqs(emulators.sqs()),
                resources.inboundQueueUrl(), ReceiverOptions.defaults());

        APIGatewayV2HTTPResponse first = invoke(timingOut, github(id, body));

        assertEquals(503, first.getStatusCode());
        assertEquals("30", first.getHeaders().get("Retry-After"), "come back when the lease ends");
        Map<String, AttributeValue> kept = item("github", id);
        assertEquals("PENDING", kept.get(EventAttributes.STATUS).s(), "the claim is kept, not released");
        assertEquals(EventClaims.bodyHash(body.getBytes(StandardCharsets.UTF_8)), kept.get(EventAttributes.BODY_SHA256).s());
        assertTrue(logs().contains("\"ambiguousEnqueues\":1"), logs());

        processorMarksProcessed("github", id);
        APIGatewayV2HTTPResponse retry = invoke(handler(), github(id, body));
        assertEquals(200, retry.getStatusCode(), "the provider's retry is a duplicate: " + retry.getBody());
        assertFalse(logs().contains("\"security\":true"), "no security alarm for our own timeout");
        assertEquals(1, probe.messagesFor("github", id).size());
    }

    @Test
    void sendWithUnknownOutcomeIsSentAgainByTheRetryOnceTheLeaseEnds() {
        String id = newId();
        String body = "{\"action\":\"unlabeled\"}";
        ReceiverHandler timingOut = handler(emulators.dynamoDb(), new SendThenFailSqs(emulators.sqs()),
                resources.inboundQueueUrl(), ReceiverOptions.defaults());
        assertEquals(503, invoke(timingOut, github(id, body)).getStatusCode());

        assertEquals(503, invoke(handler(), github(id, body)).getStatusCode(), "within the lease: come back later");
        clock.advance(ReceiverOptions.defaults().claimLease().plusSeconds(1));
        assertEquals(202, invoke(handler(), github(id, body)).getStatusCode(), "then the retry takes over");
        // Two copies: the processor skips the second one (PROCESSED; delivery ids are deterministic).
        assertEquals(2, probe.messagesFor("github", id).size());
        assertEquals("ENQUEUED", item("github", id).get(EventAttributes.STATUS).s());
    }

    @Test
    void sendAndReleaseBothFailingLoseNothingOnceTheLeaseEnds() {
        String goneQueue = emulators.sqs().createQueue(b -> b.queueName(Emulators.nextPrefix() + "gone")).queueUrl();
        emulators.sqs().deleteQueue(b -> b.queueUrl(goneQueue));
        String id = newId();
        String body = "{\"action\":\"closed\"}";
        ReceiverHandler broken = handler(new FaultyDynamoDb(asReceiver.dynamoDb(), "DeleteItem"), asReceiver.sqs(),
                goneQueue, ReceiverOptions.defaults());

        assertEquals(503, invoke(broken, github(id, body)).getStatusCode());
        assertEquals("PENDING", item("github", id).get(EventAttributes.STATUS).s(), "the claim could not be released");
        assertTrue(logs().contains("lease will expire"), logs());

        APIGatewayV2HTTPResponse early = invoke(handler(), github(id, body));
        assertEquals(503, early.getStatusCode(), "within the lease the retry is told to come back");
        clock.advance(ReceiverOptions.defaults().claimLease().plusSeconds(1));
        assertEquals(202, invoke(handler(), github(id, body)).getStatusCode(), "after it, the retry takes over");
        assertEquals(1, probe.messagesFor("github", id).size());
    }

    @Test
    void dynamoDbUnreachableGives503AndQueuesNothing() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DynamoDbClient unreachable = AwsClients.forEmulators(URI.create("http://127.0.0.1:" + closedPort),
                emulators.sqsEndpoint(), null).dynamoDb();
        String id = newId();
        APIGatewayV2HTTPResponse response = invoke(
                handler(unreachable, asReceiver.sqs(), resources.inboundQueueUrl(), ReceiverOptions.defaults()),
                github(id, "{\"action\":\"opened\"}"));

        assertEquals(503, response.getStatusCode());
        assertEquals("{\"error\":\"temporarily unavailable\",\"eventId\":\"" + id + "\"}", response.getBody());
        assertTrue(probe.messagesFor("github", id).isEmpty());
        assertTrue(logs().contains("\"claimFailures\":1"));
    }

    @Test
    void expiredPendingLeaseIsTakenOver() {
        String id = newId();
        String body = "{\"action\":\"transferred\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // A request that claimed the event and died before enqueueing it.
        EventClaims crashed = new EventClaims(emulators.dynamoDb(), resources.eventsTable(), clock,
                Duration.ofSeconds(30), Duration.ofHours(72));
        assertEquals(ClaimResult.Kind.CLAIMED,
                crashed.claim("github", id, "issues.transferred", EventClaims.bodyHash(bytes), T0).kind());

        clock.advance(Duration.ofSeconds(10));
        APIGatewayV2HTTPResponse whileLive = invoke(handler(), github(id, body));
        assertEquals(503, whileLive.getStatusCode());
        assertEquals("20", whileLive.getHeaders().get("Retry-After"));
        assertTrue(probe.messagesFor("github", id).isEmpty());

        clock.advance(Duration.ofSeconds(21));
        APIGatewayV2HTTPResponse takeover = invoke(handler(), github(id, body));
        assertEquals(202, takeover.getStatusCode());
        assertEquals(1, probe.messagesFor("github", id).size());
        assertEquals("ENQUEUED", item("github", id).get(EventAttributes.STATUS).s());
    }

    @Test
    void overLimitBodyIs413WhetherPlainOrBase64() {
        ReceiverOptions small = new ReceiverOptions(Duration.ofHours(72), Duration.ofSeconds(30), 1024);
        ReceiverHandler handler = handler(asReceiver.dynamoDb(), asReceiver.sqs(), resources.inboundQueueUrl(), small);
        String atLimit = "{\"action\":\"x\",\"pad\":\"" + "a".repeat(1024 - 23) + "\"}";
        assertEquals(1024, atLimit.length());
        String over = atLimit.replace("\"}", "b\"}");

        String id = newId();
        assertEquals(413, invoke(handler, github(id, over)).getStatusCode());
        byte[] overBytes = over.getBytes(StandardCharsets.UTF_8);
        assertEquals(413, invoke(handler, Requests.postBase64("github", githubHeaders(id, overBytes), overBytes))
                .getStatusCode());
        assertTrue(probe.messagesFor("github", id).isEmpty());
        assertTrue(item("github", id).isEmpty());

        assertEquals(202, invoke(handler, github(id, atLimit)).getStatusCode(), "exactly the limit is accepted");
    }

    @Test
    void bodyThatEscapingPushesOverTheQueueLimitIs413NotARetryLoop() {
        // Under MAX_BODY_BYTES (the default, 1 MiB - 16 KiB), but every quote doubles when the
        // body travels as a JSON string: the queue message would exceed SQS's 1 MiB. A 503 would
        // have the provider retry for days into the same wall; 413 tells it the truth.
        ReceiverHandler handler = handler();
        String quotes = "{\"action\":\"x\",\"pad\":[" + "\"\",".repeat(230_000) + "\"\"]}";
        assertTrue(quotes.length() < ReceiverOptions.defaults().maxBodyBytes(), "within the body limit");
        String id = newId();
        APIGatewayV2HTTPResponse response = invoke(handler, github(id, quotes));
        assertEquals(413, response.getStatusCode(), response.getBody());
        assertTrue(item("github", id).isEmpty(), "no claim is left behind");
        assertTrue(probe.messagesFor("github", id).isEmpty());
    }

    /** SQS's allowed set (SendMessage, MessageBody), checked here without hookline's own code. */
    private static void assertSqsAccepts(String text) {
        text.codePoints().forEach(cp -> assertTrue(cp == 0x9 || cp == 0xA || cp == 0xD
                        || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF),
                () -> String.format("the queue message holds U+%04X, which SQS refuses", cp)));
    }

    @Test
    void charactersSqsRefusesAreAcceptedAndQueuedIntact() {
        // Valid UTF-8 that SQS refuses as is: U+FFFF in a JSON body, U+FFFE and U+0001 in a text body.
        for (String body : List.of("{\"action\":\"opened\",\"note\":\"a\uFFFFb\"}", "payload=x\uFFFEy\u0001z\uFFFF")) {
            String id = newId();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

            APIGatewayV2HTTPResponse response = invoke(handler(), github(id, body));

            assertEquals(202, response.getStatusCode(), response.getBody() + "\n" + logs());
            List<Message> messages = probe.messagesFor("github", id);
            assertEquals(1, messages.size());
            assertSqsAccepts(messages.get(0).body());
            assertTrue(java.util.Arrays.equals(bytes, InboundMessage.fromJson(messages.get(0).body()).body()),
                    "the body is queued byte for byte");
        }
    }

    @Test
    void escapesOfRefusedCharactersCountTowardsTheQueueLimit() {
        // Each U+FFFF is 3 bytes in the body but 6 in the queue message (\uFFFF): 200,000 of them
        // fit the body limit and not the queue.
        ReceiverHandler handler = handler();
        String body = "{\"action\":\"x\",\"pad\":\"" + "\uFFFF".repeat(200_000) + "\"}";
        assertTrue(body.getBytes(StandardCharsets.UTF_8).length < ReceiverOptions.defaults().maxBodyBytes());
        String id = newId();
        APIGatewayV2HTTPResponse response = invoke(handler, github(id, body));
        assertEquals(413, response.getStatusCode(), response.getBody());
        assertTrue(item("github", id).isEmpty(), "no claim is left behind");
    }

    @Test
    void multiByteBodyIsMeasuredInBytes() {
        ReceiverOptions small = new ReceiverOptions(Duration.ofHours(72), Duration.ofSeconds(30), 100);
        ReceiverHandler handler = handler(asReceiver.dynamoDb(), asReceiver.sqs(), resources.inboundQueueUrl(), small);
        String body = "{\"action\":\"" + "é".repeat(40) + "\"}";   // 55 chars, 95 bytes
        String over = "{\"action\":\"" + "é".repeat(45) + "\"}";   // 60 chars, 105 bytes
        assertEquals(202, invoke(handler, github(newId(), body)).getStatusCode());
        assertEquals(413, invoke(handler, github(newId(), over)).getStatusCode());
    }

    @Test
    void unknownSourceAndOtherPathsAre404() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        APIGatewayV2HTTPResponse unknown = invoke(handler(), Requests.post("nosuch", githubHeaders(newId(), body), body));
        assertEquals(404, unknown.getStatusCode());
        assertEquals("{\"error\":\"unknown source\"}", unknown.getBody());
        assertEquals(404, invoke(handler(), Requests.event("POST", "/other/github", null, Map.of(), "{}", false))
                .getStatusCode());
        assertEquals(404, invoke(handler(), Requests.event("POST", "/webhooks/github/extra", null, Map.of(), "{}",
                false)).getStatusCode());
    }

    @Test
    void sourceIsReadFromTheRawPathWithoutPathParameters() {
        String id = newId();
        byte[] body = "{\"action\":\"pinned\"}".getBytes(StandardCharsets.UTF_8);
        APIGatewayV2HTTPEvent event = Requests.event("POST", "/prod/webhooks/github", null,
                githubHeaders(id, body), new String(body, StandardCharsets.UTF_8), false);
        assertEquals(202, invoke(handler(), event).getStatusCode());
    }

    @Test
    void configurationUnavailableGives503AndWritesNothing() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // A real Secrets Manager source whose endpoint refuses connections: no config was ever loaded.
        var secrets = AwsClients.forEmulators(null, null, URI.create("http://127.0.0.1:" + closedPort)).secretsManager();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        JsonLog log = new JsonLog("receiver", out, clock, false);
        ReceiverHandler handler = new ReceiverHandler(
                new dev.hookline.core.config.SecretsManagerConfigSource(secrets, "hookline/config", Duration.ofMinutes(5),
                        clock, log),
                asReceiver.dynamoDb(), asReceiver.sqs(), resources.eventsTable(), resources.inboundQueueUrl(), clock,
                ReceiverOptions.defaults(), log, new Metrics("receiver", out, clock));
        String id = newId();
        APIGatewayV2HTTPResponse response = invoke(handler, github(id, "{\"action\":\"opened\"}"));
        assertEquals(503, response.getStatusCode());
        assertEquals("{\"error\":\"temporarily unavailable\"}", response.getBody());
        assertTrue(item("github", id).isEmpty());
        assertTrue(probe.messagesFor("github", id).isEmpty());
    }

    @Test
    void primingReadsButWritesNothing() {
        int itemsBefore = emulators.dynamoDb().scan(b -> b.tableName(resources.eventsTable())).count();
        handler().prime();
        assertEquals(itemsBefore, (int) emulators.dynamoDb().scan(b -> b.tableName(resources.eventsTable())).count());
        assertTrue(logs().contains("\"message\":\"primed\""), logs());
        assertFalse(logs().contains("\"_aws\""), "priming counts no metric");
    }

    @Test
    void primingFailureIsLoggedNotThrown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DynamoDbClient unreachable = AwsClients.forEmulators(URI.create("http://127.0.0.1:" + closedPort),
                emulators.sqsEndpoint(), null).dynamoDb();
        handler(unreachable, asReceiver.sqs(), resources.inboundQueueUrl(), ReceiverOptions.defaults()).prime();
        assertTrue(logs().contains("priming failed"), logs());
    }

    @Test
    void otherMethodsAre405() {
        for (String method : new String[]{"GET", "PUT", "DELETE"}) {
            APIGatewayV2HTTPResponse response = invoke(handler(),
                    Requests.event(method, "/webhooks/github", Map.of("source", "github"), Map.of(), null, false));
            assertEquals(405, response.getStatusCode(), method);
            assertEquals("POST", response.getHeaders().get("Allow"));
        }
    }

    @Test
    void withDebugOnARefusedRequestsLineShowsItsSignatureAndBody() {
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        ReceiverHandler debugging = new ReceiverHandler(TestConfig.source(), emulators.dynamoDb(), emulators.sqs(),
                resources.eventsTable(), resources.inboundQueueUrl(), clock, ReceiverOptions.defaults(),
                new JsonLog("receiver", out, clock, true), new Metrics("receiver", out, clock));
        String id = newId();
        byte[] body = "{\"action\":\"debugged\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>(githubHeaders(id, body));
        String signature = Signers.github("not-the-secret", body);
        headers.put("X-Hub-Signature-256", signature);

        assertEquals(401, invoke(debugging, Requests.post("github", headers, body)).getStatusCode());

        JsonNode line = logs().lines().map(Json::parseOrNull)
                .filter(l -> l != null && "webhook".equals(Json.text(l, "message"))).findFirst().orElseThrow();
        assertEquals("x-hub-signature-256: " + signature, Json.text(line, "signature"));
        assertEquals("{\"action\":\"debugged\"}", Json.text(line, "body"));
    }

    @Test
    void invalidSignatureIs401AndWritesNothing() {
        String id = newId();
        byte[] body = "{\"action\":\"opened\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>(githubHeaders(id, body));
        String signature = Signers.github("not-the-secret", body);
        headers.put("X-Hub-Signature-256", signature);
        APIGatewayV2HTTPResponse response = invoke(handler(), Requests.post("github", headers, body));

        assertEquals(401, response.getStatusCode());
        assertEquals("{\"error\":\"invalid signature\"}", response.getBody());
        assertTrue(item("github", id).isEmpty());
        assertTrue(probe.messagesFor("github", id).isEmpty());
        assertTrue(logs().contains("\"signatureFailures\":1"));
        assertFalse(logs().contains(signature.substring(7)), "the signature is not logged");
    }

    @Test
    void staleTimestampIs401() {
        String id = "evt_" + newId();
        byte[] body = ("{\"id\":\"" + id + "\",\"type\":\"charge.succeeded\"}").getBytes(StandardCharsets.UTF_8);
        String stale = Long.toString(T0.getEpochSecond() - 301);
        APIGatewayV2HTTPResponse response = invoke(handler(), Requests.post("stripe",
                Map.of("Stripe-Signature", Signers.timestampedHex(TestConfig.STRIPE_SECRET, stale, body)), body));
        assertEquals(401, response.getStatusCode());
        assertTrue(item("stripe", id).isEmpty());
    }

    @Test
    void verifiedBodyWithoutEventIdIs400() {
        byte[] body = "{\"type\":\"charge.succeeded\"}".getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(T0.getEpochSecond());
        APIGatewayV2HTTPResponse response = invoke(handler(), Requests.post("stripe",
                Map.of("Stripe-Signature", Signers.timestampedHex(TestConfig.STRIPE_SECRET, ts, body)), body));
        assertEquals(400, response.getStatusCode());
        // A fixed answer: the verifier's reason is for our log, not for whoever sent the request.
        assertEquals("{\"error\":\"bad request\"}", response.getBody());
        assertTrue(logs().contains("\"reason\":\"no event id\""), logs());
    }

    @Test
    void invalidBase64BodyIs400() {
        APIGatewayV2HTTPEvent event = Requests.event("POST", "/webhooks/github", Map.of("source", "github"),
                Map.of(), "not*base64", true);
        assertEquals(400, invoke(handler(), event).getStatusCode());
    }

    @Test
    void base64BodyIsVerifiedOverItsRawBytesAndQueuedIntact() {
        String id = newId();
        byte[] body = {'{', '}', (byte) 0xff, (byte) 0xfe, 0, 1, 2};
        APIGatewayV2HTTPResponse response = invoke(handler(),
                Requests.postBase64("github", githubHeaders(id, body), body));
        assertEquals(202, response.getStatusCode());
        List<InboundMessage> queued = InboundProbe.parsed(probe.messagesFor("github", id));
        assertEquals(1, queued.size());
        assertEquals("issues", queued.get(0).type());
        assertTrue(java.util.Arrays.equals(body, queued.get(0).body()));
    }

    @Test
    void slackUrlVerificationIsAnsweredWithoutClaimOrMessage() {
        byte[] body = "{\"token\":\"t\",\"challenge\":\"chal-123\",\"type\":\"url_verification\"}"
                .getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(T0.getEpochSecond());
        Map<String, String> headers = Map.of("X-Slack-Signature", Signers.slack(TestConfig.SLACK_SECRET, ts, body),
                "X-Slack-Request-Timestamp", ts);
        APIGatewayV2HTTPResponse response = invoke(handler(), Requests.post("slack", headers, body));

        assertEquals(200, response.getStatusCode());
        assertEquals("chal-123", json(response).get("challenge").asText());
        int items = emulators.dynamoDb().scan(b -> b.tableName(resources.eventsTable())).items().stream()
                .filter(i -> i.get(EventAttributes.PK).s().startsWith("slack#")).toList().size();
        assertEquals(0, items);

        Map<String, String> unsigned = Map.of("X-Slack-Signature", Signers.slack("wrong", ts, body),
                "X-Slack-Request-Timestamp", ts);
        assertEquals(401, invoke(handler(), Requests.post("slack", unsigned, body)).getStatusCode());
    }

    @Test
    void oneLogLinePerRequestWithTheAgreedFields() {
        String id = newId();
        invoke(handler(), github(id, "{\"action\":\"edited\"}"));
        List<JsonNode> lines = logs().lines().map(Json::parseOrNull).filter(n -> n != null && n.has("message"))
                .toList();
        assertEquals(1, lines.size(), logs());
        JsonNode line = lines.get(0);
        assertEquals("github", line.get("source").asText());
        assertEquals("github#" + id, line.get("eventKey").asText());
        assertEquals("issues.edited", line.get("type").asText());
        assertEquals("accepted", line.get("outcome").asText());
        assertEquals(202, line.get("status").asInt());
        assertTrue(line.has("latencyMs"));
        assertEquals(1, logs().lines().filter(l -> l.contains("\"_aws\"")).count(), "one EMF line per invocation");
    }
}
