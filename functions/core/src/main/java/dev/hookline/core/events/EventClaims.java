package dev.hookline.core.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The claim state machine on the events table (DESIGN §2). {@link #claim} writes a PENDING item
 * under a lease, only if the event is new or its previous claim was abandoned (PENDING with an
 * expired lease: the request that wrote it died between claim and enqueue). When the write is
 * refused, DynamoDB hands back the existing item with the refusal, so telling a duplicate from a
 * conflict or an in-flight claim costs no second read.
 *
 * <p>DynamoDB errors are not caught here: the caller answers 503 and the provider retries.
 */
public final class EventClaims {
    private static final String CLAIM_CONDITION =
            "attribute_not_exists(#pk) OR (#status = :pending AND #lease < :now)";
    private static final String OURS = "#status = :pending AND #lease = :lease";
    private static final Map<String, String> NAMES = Map.of("#status", EventAttributes.STATUS, "#lease",
            EventAttributes.LEASE_UNTIL);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;
    private final Duration lease;
    private final Duration dedupeWindow;

    public EventClaims(DynamoDbClient dynamoDb, String table, Clock clock, Duration lease, Duration dedupeWindow) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
        this.lease = lease;
        this.dedupeWindow = dedupeWindow;
    }

    /** Hex SHA-256 of a body, as stored in {@link EventAttributes#BODY_SHA256}. */
    public static String bodyHash(byte[] body) {
        return InboundMessage.bodySha256(body);
    }

    public ClaimResult claim(String source, String eventId, String type, String bodySha256, Instant receivedAt) {
        String key = EventKey.of(source, eventId);
        // Two rounds at most: if the item we collided with vanished before we could read it (its
        // claim was released), the second put normally succeeds.
        for (int round = 0; ; round++) {
            long now = clock.millis();
            long leaseUntil = now + lease.toMillis();
            Map<String, AttributeValue> item = Map.of(
                    EventAttributes.PK, s(key),
                    EventAttributes.STATUS, s(EventStatus.PENDING.name()),
                    EventAttributes.LEASE_UNTIL, n(leaseUntil),
                    EventAttributes.BODY_SHA256, s(bodySha256),
                    EventAttributes.TYPE, s(type),
                    EventAttributes.RECEIVED_AT, n(receivedAt.toEpochMilli()),
                    EventAttributes.EXPIRES_AT, n(receivedAt.plus(dedupeWindow).getEpochSecond()));
            Map<String, AttributeValue> existing;
            try {
                dynamoDb.putItem(b -> b.tableName(table).item(item)
                        .conditionExpression(CLAIM_CONDITION)
                        .expressionAttributeNames(Map.of("#pk", EventAttributes.PK, "#status", EventAttributes.STATUS,
                                "#lease", EventAttributes.LEASE_UNTIL))
                        .expressionAttributeValues(Map.of(":pending", s(EventStatus.PENDING.name()), ":now", n(now)))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
                return ClaimResult.claimed(new Claim(key, leaseUntil));
            } catch (ConditionalCheckFailedException e) {
                existing = e.hasItem() && !e.item().isEmpty() ? e.item() : read(key);
            }
            if (existing == null || existing.isEmpty()) {
                if (round == 0) {
                    continue;
                }
                return ClaimResult.inFlight(Duration.ofSeconds(1));
            }
            return classify(existing, bodySha256, now);
        }
    }

    private ClaimResult classify(Map<String, AttributeValue> existing, String bodySha256, long now) {
        AttributeValue hash = existing.get(EventAttributes.BODY_SHA256);
        if (hash == null || !bodySha256.equals(hash.s())) {
            return ClaimResult.of(ClaimResult.Kind.CONFLICT);
        }
        AttributeValue status = existing.get(EventAttributes.STATUS);
        if (status != null && !EventStatus.PENDING.name().equals(status.s())) {
            return ClaimResult.of(ClaimResult.Kind.DUPLICATE);
        }
        AttributeValue leaseValue = existing.get(EventAttributes.LEASE_UNTIL);
        long leaseUntil = leaseValue == null ? now : Long.parseLong(leaseValue.n());
        long waitSeconds = Math.max(1, (leaseUntil - now + 999) / 1000);
        return ClaimResult.inFlight(Duration.ofSeconds(waitSeconds));
    }

    private Map<String, AttributeValue> read(String key) {
        return dynamoDb.getItem(b -> b.tableName(table).key(Map.of(EventAttributes.PK, s(key))).consistentRead(true))
                .item();
    }

    /**
     * PENDING → ENQUEUED, only while the claim is still ours and still PENDING: the processor may
     * already have set PROCESSED (it can read the message before this update lands), and that must
     * not be moved back. Returns false when the item had moved on.
     */
    public boolean markEnqueued(Claim claim) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(EventAttributes.PK, s(claim.key())))
                    .updateExpression("SET #status = :enqueued")
                    .conditionExpression(OURS)
                    .expressionAttributeNames(NAMES)
                    .expressionAttributeValues(Map.of(":enqueued", s(EventStatus.ENQUEUED.name()),
                            ":pending", s(EventStatus.PENDING.name()), ":lease", n(claim.leaseUntil()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Deletes our PENDING claim after a failed enqueue, so the provider's retry is accepted instead
     * of being answered "duplicate" for an event that never reached the queue. Returns false when
     * the claim was no longer ours.
     */
    public boolean release(Claim claim) {
        try {
            dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of(EventAttributes.PK, s(claim.key())))
                    .conditionExpression(OURS)
                    .expressionAttributeNames(NAMES)
                    .expressionAttributeValues(Map.of(":pending", s(EventStatus.PENDING.name()),
                            ":lease", n(claim.leaseUntil()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Reads a key no event can have (source names are never empty), so a SnapStart snapshot holds
     * a DynamoDB client that has already marshalled, signed and sent a request. Writes nothing.
     */
    public void prime() {
        read(EventKey.of("", "snapstart-priming"));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
