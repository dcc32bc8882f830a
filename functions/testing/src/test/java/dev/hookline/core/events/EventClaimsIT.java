package dev.hookline.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.resources.HooklineResources;
import dev.hookline.testing.MutableClock;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The claim state machine on DynamoDB Local: every transition, and that a stale owner cannot touch a new claim. */
@ExtendWith(EmulatorsExtension.class)
class EventClaimsIT {
    /**
     * Now rather than a fixed date, so every item's expiresAt (T0 + dedupe window) lies in the
     * future as it does in production: the events table has TTL on, and expired items are not
     * what these tests are about.
     */
    private static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final String BODY = EventClaims.bodyHash("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    private static final String OTHER_BODY = EventClaims.bodyHash("{\"a\":2}".getBytes(StandardCharsets.UTF_8));

    private static DynamoDbClient dynamoDb;
    private static HooklineResources resources;

    private final MutableClock clock = new MutableClock(T0);
    private final String id = UUID.randomUUID().toString();

    @BeforeAll
    static void provision(Emulators emulators) {
        dynamoDb = emulators.dynamoDb();
        resources = emulators.provision();
    }

    private EventClaims claims() {
        return new EventClaims(dynamoDb, resources.eventsTable(), clock, LEASE, Duration.ofHours(72));
    }

    private ClaimResult claim(String bodyHash) {
        return claims().claim("src", id, "thing.happened", bodyHash, clock.instant());
    }

    private Map<String, AttributeValue> item() {
        return dynamoDb.getItem(b -> b.tableName(resources.eventsTable()).consistentRead(true)
                .key(Map.of(EventAttributes.PK, AttributeValue.fromS(EventKey.of("src", id))))).item();
    }

    private void setStatus(String status) {
        dynamoDb.updateItem(b -> b.tableName(resources.eventsTable())
                .key(Map.of(EventAttributes.PK, AttributeValue.fromS(EventKey.of("src", id))))
                .updateExpression("SET #s = :s")
                .expressionAttributeNames(Map.of("#s", EventAttributes.STATUS))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(status))));
    }

    @Test
    void newEventIsClaimedAsPendingUnderALease() {
        ClaimResult result = claim(BODY);
        assertEquals(ClaimResult.Kind.CLAIMED, result.kind());
        assertEquals(T0.plus(LEASE).toEpochMilli(), result.claim().leaseUntil());
        Map<String, AttributeValue> item = item();
        assertEquals("PENDING", item.get(EventAttributes.STATUS).s());
        assertEquals(Long.toString(T0.plus(LEASE).toEpochMilli()), item.get(EventAttributes.LEASE_UNTIL).n());
        assertEquals(BODY, item.get(EventAttributes.BODY_SHA256).s());
        assertEquals("thing.happened", item.get(EventAttributes.TYPE).s());
        assertEquals(Long.toString(T0.plus(Duration.ofHours(72)).getEpochSecond()), item.get(EventAttributes.EXPIRES_AT).n());
    }

    @Test
    void liveClaimMakesOthersWaitForTheRestOfTheLease() {
        claim(BODY);
        clock.advance(Duration.ofMillis(12_300));
        ClaimResult second = claim(BODY);
        assertEquals(ClaimResult.Kind.IN_FLIGHT, second.kind());
        assertEquals(Duration.ofSeconds(18), second.retryAfter(), "17.7 s left, rounded up");
        assertNull(second.claim());
    }

    @Test
    void enqueuedOrProcessedEventIsADuplicate() {
        EventClaims claims = claims();
        assertTrue(claims.markEnqueued(claims.claim("src", id, "t", BODY, T0).claim()));
        assertEquals(ClaimResult.Kind.DUPLICATE, claim(BODY).kind());
        setStatus("PROCESSED");
        clock.advance(Duration.ofHours(1));
        assertEquals(ClaimResult.Kind.DUPLICATE, claim(BODY).kind());
    }

    @Test
    void otherBodyUnderTheSameIdIsAConflictWhateverTheStatus() {
        EventClaims claims = claims();
        Claim first = claims.claim("src", id, "t", BODY, T0).claim();
        assertEquals(ClaimResult.Kind.CONFLICT, claim(OTHER_BODY).kind(), "while pending");
        claims.markEnqueued(first);
        assertEquals(ClaimResult.Kind.CONFLICT, claim(OTHER_BODY).kind(), "once enqueued");
        assertEquals("ENQUEUED", item().get(EventAttributes.STATUS).s(), "the accepted item is untouched");
    }

    @Test
    void expiredClaimIsTakenOverAndTheOldOwnerCanNeitherMarkNorReleaseIt() {
        EventClaims claims = claims();
        Claim stale = claims.claim("src", id, "t", BODY, T0).claim();
        clock.advance(LEASE.plusMillis(1));
        ClaimResult takeover = claim(BODY);
        assertEquals(ClaimResult.Kind.CLAIMED, takeover.kind());

        assertFalse(claims.release(stale), "the stale owner's release is refused");
        assertFalse(claims.markEnqueued(stale), "the stale owner's update is refused");
        assertEquals(Long.toString(takeover.claim().leaseUntil()), item().get(EventAttributes.LEASE_UNTIL).n());
        assertEquals("PENDING", item().get(EventAttributes.STATUS).s());
        assertTrue(claims.markEnqueued(takeover.claim()));
    }

    @Test
    void claimExactlyAtLeaseEndIsStillLive() {
        claim(BODY);
        clock.advance(LEASE);
        assertEquals(ClaimResult.Kind.IN_FLIGHT, claim(BODY).kind());
    }

    @Test
    void releaseDeletesOurPendingClaimSoARetryIsNew() {
        EventClaims claims = claims();
        assertTrue(claims.release(claims.claim("src", id, "t", BODY, T0).claim()));
        assertTrue(item().isEmpty());
        assertEquals(ClaimResult.Kind.CLAIMED, claim(BODY).kind());
    }

    @Test
    void refusedPutHandsBackTheExistingItemSoNoSecondReadIsNeeded() {
        // The premise of classifying conflicts without a GetItem: the emulator (like DynamoDB)
        // returns the old item with the refusal. EventClaims falls back to a read if it did not.
        claim(BODY);
        var refused = org.junit.jupiter.api.Assertions.assertThrows(
                software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException.class,
                () -> dynamoDb.putItem(b -> b.tableName(resources.eventsTable())
                        .item(Map.of(EventAttributes.PK, AttributeValue.fromS(EventKey.of("src", id))))
                        .conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(
                                software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertTrue(refused.hasItem());
        assertEquals(BODY, refused.item().get(EventAttributes.BODY_SHA256).s());
    }

    @Test
    void markEnqueuedNeverMovesAProcessedEventBack() {
        EventClaims claims = claims();
        Claim ours = claims.claim("src", id, "t", BODY, T0).claim();
        setStatus("PROCESSED");   // the processor read the message before our update landed
        assertFalse(claims.markEnqueued(ours));
        assertFalse(claims.release(ours));
        assertEquals("PROCESSED", item().get(EventAttributes.STATUS).s());
    }
}
