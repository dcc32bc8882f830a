package dev.hookline.core.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The events table after the claim: whether an event was already processed, which handlers
 * already ran for it, and marking it PROCESSED (the processor's side). {@link EventClaims} writes
 * the claim; together they are every request made against the table.
 */
public final class EventStore {
    private static final String STATUS = EventAttributes.STATUS;
    private static final String PROCESSED_AT = EventAttributes.PROCESSED_AT;
    private static final String HANDLERS_DONE = EventAttributes.HANDLERS_DONE;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration dedupeWindow;
    private final Clock clock;

    public EventStore(DynamoDbClient dynamo, String table, Duration dedupeWindow, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.dedupeWindow = dedupeWindow;
        this.clock = clock;
    }

    /** @param handlersDone names of the handlers that already ran */
    public record State(boolean processed, Set<String> handlersDone) {
    }

    public State load(String eventKey) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(eventKey))
                .projectionExpression("#s, #h")
                .expressionAttributeNames(Map.of("#s", STATUS, "#h", HANDLERS_DONE))).item();
        if (item == null || item.isEmpty()) {
            return new State(false, Set.of());
        }
        AttributeValue status = item.get(STATUS);
        AttributeValue done = item.get(HANDLERS_DONE);
        return new State(status != null && EventStatus.PROCESSED.name().equals(status.s()),
                done == null || !done.hasSs() ? Set.of() : new HashSet<>(done.ss()));
    }

    public void markHandled(InboundMessage message, String handlerName) {
        dynamo.updateItem(b -> b.tableName(table).key(key(message.eventKey()))
                .updateExpression("ADD #h :name SET #e = if_not_exists(#e, :expires), " + IDENTITY)
                .expressionAttributeNames(Map.of("#h", HANDLERS_DONE, "#e", EventAttributes.EXPIRES_AT,
                        "#b", EventAttributes.BODY_SHA256, "#t", EventAttributes.TYPE))
                .expressionAttributeValues(Map.of(":name", AttributeValue.fromSs(java.util.List.of(handlerName)),
                        ":expires", expires(), ":body", AttributeValue.fromS(message.bodySha256()),
                        ":type", AttributeValue.fromS(message.type()))));
    }

    /**
     * Unconditional: the event is done whatever state the receiver left. A missing item (its TTL
     * passed while the message waited, or the receiver released its claim after a send whose
     * outcome it could not know) is created with a fresh TTL, the body's hash and the type, so a
     * provider's retry of the same body is a duplicate, not a 409, and redelivery still dedupes.
     */
    public void markProcessed(InboundMessage message) {
        Instant now = clock.instant();
        dynamo.updateItem(b -> b.tableName(table).key(key(message.eventKey()))
                .updateExpression("SET #s = :processed, #p = :now, #e = if_not_exists(#e, :expires), " + IDENTITY)
                .expressionAttributeNames(Map.of("#s", STATUS, "#p", PROCESSED_AT, "#e", EventAttributes.EXPIRES_AT,
                        "#b", EventAttributes.BODY_SHA256, "#t", EventAttributes.TYPE))
                .expressionAttributeValues(Map.of(
                        ":processed", AttributeValue.fromS(EventStatus.PROCESSED.name()),
                        ":now", AttributeValue.fromN(Long.toString(now.toEpochMilli())),
                        ":expires", expires(), ":body", AttributeValue.fromS(message.bodySha256()),
                        ":type", AttributeValue.fromS(message.type()))));
    }

    /** The receiver's hash and type are kept when present; written only on an item without them. */
    private static final String IDENTITY = "#b = if_not_exists(#b, :body), #t = if_not_exists(#t, :type)";

    private AttributeValue expires() {
        return AttributeValue.fromN(Long.toString(clock.instant().plus(dedupeWindow).getEpochSecond()));
    }

    private static Map<String, AttributeValue> key(String eventKey) {
        return Map.of(EventAttributes.PK, AttributeValue.fromS(eventKey));
    }
}
