package dev.hookline.core.intake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.aws.AwsClients;
import dev.hookline.core.events.ClaimResult;
import dev.hookline.core.events.EventAttributes;
import dev.hookline.core.events.EventClaims;
import dev.hookline.core.events.EventKey;
import dev.hookline.core.events.InboundMessage;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.MutableClock;
import dev.hookline.testing.internal.FreePorts;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The claim → enqueue → mark flow every door shares, against the emulators behind the AWS-fidelity
 * proxy, signed as the receiver (whose role must be enough for it). Faults are real: a queue that
 * does not exist (SQS refuses: 4xx), an SQS endpoint nothing listens on (an I/O error: the outcome
 * is unknown to the caller), a table that does not exist.
 */
@ExtendWith(EmulatorsExtension.class)
class EventIntakeIT {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration DEDUPE = Duration.ofHours(72);

    private final Emulators emulators;
    private final MutableClock clock = new MutableClock(T0);
    private final String id = "evt_" + UUID.randomUUID();
    private HooklineResources resources;
    private DynamoDbClient dynamoDb;
    private SqsClient sqs;

    EventIntakeIT(Emulators emulators) {
        this.emulators = emulators;
    }

    @BeforeEach
    void provision() {
        resources = emulators.provision();
        AwsClients receiver = emulators.clientsAs("receiver");
        dynamoDb = receiver.dynamoDb();
        sqs = receiver.sqs();
    }

    private EventIntake intake(SqsClient sqsClient, String queueUrl) {
        return new EventIntake(claims(), new InboundQueue(sqsClient, queueUrl), clock);
    }

    private EventIntake intake() {
        return intake(sqs, resources.inboundQueueUrl());
    }

    private EventClaims claims() {
        return new EventClaims(dynamoDb, resources.eventsTable(), clock, LEASE, DEDUPE);
    }

    private InboundMessage message(String body) {
        return new InboundMessage("src", id, "thing.happened", clock.instant(), body.getBytes(StandardCharsets.UTF_8),
                Map.of("content-type", "application/json"));
    }

    private Map<String, AttributeValue> item() {
        return emulators.dynamoDb().getItem(b -> b.tableName(resources.eventsTable()).consistentRead(true)
                .key(Map.of(EventAttributes.PK, AttributeValue.fromS(EventKey.of("src", id))))).item();
    }

    private List<Message> queued() {
        return emulators.sqs().receiveMessage(b -> b.queueUrl(resources.inboundQueueUrl()).maxNumberOfMessages(10)
                .messageAttributeNames("All").waitTimeSeconds(0)).messages();
    }

    @Test
    void acceptsQueuesTheMessageWithItsAttributesAndMarksTheClaimEnqueued() {
        InboundMessage message = message("{\"a\":1}");
        assertEquals(new IntakeResult.Accepted(null, false), intake().accept(message));
        assertEquals("ENQUEUED", item().get(EventAttributes.STATUS).s());
        assertEquals(message.bodySha256(), item().get(EventAttributes.BODY_SHA256).s());
        List<Message> queued = queued();
        assertEquals(1, queued.size());
        assertEquals(message, InboundMessage.fromJson(queued.get(0).body()));
        assertEquals("src", queued.get(0).messageAttributes().get(InboundMessage.ATTR_SOURCE).stringValue());
        assertEquals("thing.happened", queued.get(0).messageAttributes().get(InboundMessage.ATTR_TYPE).stringValue());
    }

    @Test
    void theSameBodyAgainIsADuplicateAndAnotherBodyAConflictNeitherQueued() {
        intake().accept(message("{\"a\":1}"));
        queued();
        assertInstanceOf(IntakeResult.Duplicate.class, intake().accept(message("{\"a\":1}")));
        assertInstanceOf(IntakeResult.Conflict.class, intake().accept(message("{\"a\":2}")));
        assertEquals(List.of(), queued());
    }

    @Test
    void anEventAnotherRequestHoldsIsInFlightForTheRestOfItsLease() {
        InboundMessage message = message("{\"a\":1}");
        assertEquals(ClaimResult.Kind.CLAIMED, claims().claim("src", id, message.type(), message.bodySha256(),
                message.receivedAt()).kind());
        clock.advance(Duration.ofSeconds(10));
        IntakeResult result = intake().accept(message);
        assertEquals(new IntakeResult.InFlight(Duration.ofSeconds(20)), result);
        assertEquals(List.of(), queued());
    }

    @Test
    void aMessageOverSqsLimitIsTooLargeAndClaimsNothing() {
        // Quotes double when the body is escaped into the message's JSON: under 1 MiB raw, over once queued.
        String body = "\"" + "\\\"".repeat(300_000) + "\"";
        assertTrue(body.length() < InboundQueue.SQS_MAX_MESSAGE_BYTES);
        assertInstanceOf(IntakeResult.TooLarge.class, intake().accept(message(body)));
        assertTrue(item() == null || item().isEmpty(), "nothing claimed");
    }

    @Test
    void charactersSqsRefusesTravelEscapedAndArriveByteForByte() {
        InboundMessage message = message("{\"a\":\"\uffff\ufffe\"}");
        assertInstanceOf(IntakeResult.Accepted.class, intake().accept(message));
        Message queued = queued().get(0);
        assertTrue(queued.body().toLowerCase(java.util.Locale.ROOT).contains("\\uffff"), "escaped on the queue");
        assertFalse(queued.body().contains("\uffff"), "never raw: SQS refuses U+FFFF");
        assertArrayEquals(message.body(), InboundMessage.fromJson(queued.body()).body());
    }

    @Test
    void aSendSqsRefusedReleasesTheClaimSoTheRetryIsAcceptedAtOnce() {
        String missing = resources.inboundQueueUrl() + "-missing";
        IntakeResult result = intake(emulators.sqs(), missing).accept(message("{\"a\":1}"));
        IntakeResult.Unavailable failed = assertInstanceOf(IntakeResult.Unavailable.class, result);
        assertEquals(IntakeResult.Stage.ENQUEUE, failed.stage());
        assertEquals(false, failed.ambiguous());
        assertNull(failed.retryAfter());
        assertNull(failed.note(), "released cleanly");
        assertTrue(item() == null || item().isEmpty(), "the claim was released");
        assertInstanceOf(IntakeResult.Accepted.class, intake().accept(message("{\"a\":1}")));
    }

    @Test
    void aSendWithAnUnknownOutcomeKeepsTheClaimUntilItsLeaseEnds() {
        SqsClient unreachable = AwsClients.forEmulators(emulators.dynamoDbEndpoint(),
                URI.create("http://127.0.0.1:" + FreePorts.pick()), null).sqs();
        IntakeResult result = intake(unreachable, resources.inboundQueueUrl()).accept(message("{\"a\":1}"));
        IntakeResult.Unavailable failed = assertInstanceOf(IntakeResult.Unavailable.class, result);
        assertEquals(IntakeResult.Stage.ENQUEUE, failed.stage());
        assertTrue(failed.ambiguous());
        // The rest of the lease, rounded up to the next whole second.
        assertTrue(failed.retryAfter().compareTo(LEASE.plusSeconds(1)) < 0
                && failed.retryAfter().compareTo(LEASE.minusSeconds(1)) > 0, failed.retryAfter().toString());
        assertEquals("PENDING", item().get(EventAttributes.STATUS).s(), "kept: SQS may hold the message");
        assertInstanceOf(IntakeResult.InFlight.class, intake().accept(message("{\"a\":1}")), "inside the lease");
        clock.advance(LEASE.plusSeconds(1));
        assertInstanceOf(IntakeResult.Accepted.class, intake().accept(message("{\"a\":1}")), "after it");
        assertEquals(1, queued().size());
    }

    @Test
    void aClaimThatFailsIsUnavailableAndQueuesNothing() {
        EventIntake noTable = new EventIntake(new EventClaims(emulators.dynamoDb(), resources.eventsTable() + "-missing",
                clock, LEASE, DEDUPE), new InboundQueue(sqs, resources.inboundQueueUrl()), clock);
        IntakeResult.Unavailable failed = assertInstanceOf(IntakeResult.Unavailable.class,
                noTable.accept(message("{\"a\":1}")));
        assertEquals(IntakeResult.Stage.CLAIM, failed.stage());
        assertEquals("ResourceNotFoundException", failed.error());
        assertEquals(List.of(), queued());
    }
}
