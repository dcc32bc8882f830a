package dev.hookline.core.events;

import dev.hookline.core.deliveries.DeliveryAttributes;
import dev.hookline.core.paging.Slice;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Each event's outbound payload, kept as long as the delivery log ({@link DeliveryAttributes#RETENTION},
 * 30 days) so a replay, or a retry of a SUCCEEDED or SKIPPED delivery, can send it again after the
 * deliveries queue has let go of it. One item per event in the events table, beside its claim item:
 * {@code pk = payload:<tenant>#<id>}. The claim item's TTL is the dedupe window (72 h), far shorter,
 * so the payload cannot simply ride on it. Its TTL is the event's receipt plus the retention.
 *
 * <p>A DynamoDB attribute, not an S3 object: for the payloads hookline sends (a few KB) a put is
 * one or a few write units, several times cheaper than an S3 PUT (README, "Payload retention").
 * A payload that would not fit an item (DynamoDB's 400 KB, names included) is recorded without
 * it ({@link StoredEvent#payload()} null): listed, but not replayable.
 *
 * <p>The {@link EventAttributes#BY_TENANT} index (tenant + receivedAt) serves the events list;
 * claim items lack {@code tenant}, so the index is sparse and holds payload items only.
 */
public final class EventPayloads {
    /** Characters of an event id in the API's routes: needs no escaping in a URL path. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    /** Room left under DynamoDB's 400 KB item limit for the other attributes and their names. */
    static final int MAX_PAYLOAD_BYTES = 380 * 1024;
    private static final String PREFIX = "payload:";

    private final DynamoDbClient dynamo;
    private final String table;

    public EventPayloads(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * One event as kept.
     *
     * @param id       the API's id, {@link #ID}
     * @param eventKey the claim item's key ({@link EventKey})
     * @param payload  the outbound JSON, null when it was too large to keep
     */
    public record StoredEvent(String tenant, String id, String eventKey, String type, Instant receivedAt,
                              String messageId, String payload) {
        @Override
        public String toString() {
            return "StoredEvent[" + tenant + "/" + id + ", type=" + type + "]";
        }
    }

    /**
     * The event's id in the API: a published event keeps the id it was published with (URL-safe by
     * the publish route's rule); a received webhook's provider id may hold anything, so it is known
     * by its message id ({@code msg_} + base64url), which needs no escaping either.
     *
     * @param eventKey {@code <source>#<eventId>} ({@link EventKey}; a source never holds {@code #})
     */
    public static String apiId(String eventKey, String messageId) {
        int hash = eventKey.indexOf('#');
        String source = eventKey.substring(0, hash);
        String eventId = eventKey.substring(hash + 1);
        return source.startsWith(InboundMessage.TENANT_SOURCE_PREFIX) && ID.matcher(eventId).matches()
                ? eventId : messageId;
    }

    /** What the events list shows of an event (the index's projection). */
    public record Summary(String id, String type, Instant receivedAt) {
    }

    /**
     * Keeps the event. Idempotent: the processor may run an event twice and writes the same item.
     *
     * @return false when the payload was too large and only the rest was kept
     */
    public boolean put(StoredEvent event) {
        if (!ID.matcher(event.id()).matches()) {
            throw new IllegalArgumentException("event id is not URL-safe");
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(EventAttributes.PK, AttributeValue.fromS(pk(event.tenant(), event.id())));
        item.put(EventAttributes.TENANT, AttributeValue.fromS(event.tenant()));
        item.put(EventAttributes.EVENT_ID, AttributeValue.fromS(event.id()));
        item.put(EventAttributes.EVENT_KEY, AttributeValue.fromS(event.eventKey()));
        item.put(EventAttributes.TYPE, AttributeValue.fromS(event.type()));
        item.put(EventAttributes.RECEIVED_AT, AttributeValue.fromN(Long.toString(event.receivedAt().toEpochMilli())));
        item.put(EventAttributes.MESSAGE_ID, AttributeValue.fromS(event.messageId()));
        item.put(EventAttributes.EXPIRES_AT, AttributeValue.fromN(Long.toString(
                event.receivedAt().plus(DeliveryAttributes.RETENTION).getEpochSecond())));
        boolean fits = event.payload() != null
                && event.payload().getBytes(StandardCharsets.UTF_8).length <= MAX_PAYLOAD_BYTES;
        if (fits) {
            item.put(EventAttributes.PAYLOAD, AttributeValue.fromS(event.payload()));
        }
        dynamo.putItem(b -> b.tableName(table).item(item));
        return fits;
    }

    /**
     * Counts a replay of the event and returns its number (1, 2, ...): the replay's deliveries get
     * ids of their own, so the delivery log does not take them for the original's. Empty when the
     * event is not kept (unknown, or past its retention and deleted).
     */
    public Optional<Integer> nextReplay(String tenant, String id) {
        if (!ID.matcher(id).matches()) {
            return Optional.empty();
        }
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(EventAttributes.PK, AttributeValue.fromS(pk(tenant, id))))
                    .updateExpression("ADD #n :one")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#n", EventAttributes.REPLAYS, "#pk", EventAttributes.PK))
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                    .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.UPDATED_NEW)).attributes();
            return Optional.of(Integer.parseInt(item.get(EventAttributes.REPLAYS).n()));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException gone) {
            return Optional.empty();
        }
    }

    /** The event with its payload; empty when unknown to this tenant or past its retention. */
    public Optional<StoredEvent> get(String tenant, String id) {
        if (!ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(EventAttributes.PK, AttributeValue.fromS(pk(tenant, id))))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        // TTL deletes within days of expiry, not at it: an expired item is treated as gone.
        AttributeValue expires = item.get(EventAttributes.EXPIRES_AT);
        if (expires != null && Long.parseLong(expires.n()) * 1000 < System.currentTimeMillis()) {
            return Optional.empty();
        }
        AttributeValue payload = item.get(EventAttributes.PAYLOAD);
        return Optional.of(new StoredEvent(tenant, id, item.get(EventAttributes.EVENT_KEY).s(),
                item.get(EventAttributes.TYPE).s(),
                Instant.ofEpochMilli(Long.parseLong(item.get(EventAttributes.RECEIVED_AT).n())),
                item.get(EventAttributes.MESSAGE_ID).s(), payload == null ? null : payload.s()));
    }

    /**
     * The tenant's events, newest first, received in {@code [since, until)} (either may be null),
     * of one type when {@code type} is not null. {@code after} is a previous slice's
     * {@link Slice#after()}: {@code <receivedAt millis>-<id>}, URL-safe.
     */
    public Slice<Summary> list(String tenant, String type, Instant since, Instant until, int limit, String after) {
        Map<String, String> names = new HashMap<>(Map.of("#t", EventAttributes.TENANT, "#r",
                EventAttributes.RECEIVED_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":t", AttributeValue.fromS(tenant),
                ":since", AttributeValue.fromN(Long.toString(since == null ? 0 : since.toEpochMilli())),
                ":until", AttributeValue.fromN(Long.toString(until == null ? Long.MAX_VALUE : until.toEpochMilli() - 1))));
        Map<String, AttributeValue> start = after == null ? null : startKey(tenant, after);
        List<Summary> found = new ArrayList<>();
        Map<String, AttributeValue> last = start;
        // A type filter applies after the read, so one page may hold fewer than limit: read on
        // until the page is full or the index is exhausted.
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(EventAttributes.BY_TENANT)
                    .keyConditionExpression("#t = :t AND #r BETWEEN :since AND :until")
                    .scanIndexForward(false)
                    .limit(limit - found.size());
            if (type != null) {
                names.put("#y", EventAttributes.TYPE);
                values.put(":y", AttributeValue.fromS(type));
                q.filterExpression("#y = :y");
            }
            q.expressionAttributeNames(names).expressionAttributeValues(values);
            if (last != null) {
                q.exclusiveStartKey(last);
            }
            QueryResponse response = dynamo.query(q.build());
            for (Map<String, AttributeValue> item : response.items()) {
                found.add(new Summary(item.get(EventAttributes.EVENT_ID).s(), item.get(EventAttributes.TYPE).s(),
                        Instant.ofEpochMilli(Long.parseLong(item.get(EventAttributes.RECEIVED_AT).n()))));
            }
            last = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (last != null && found.size() < limit);
        String next = null;
        if (last != null) {
            Summary tail = found.get(found.size() - 1);
            next = tail.receivedAt().toEpochMilli() + "-" + tail.id();
        }
        return new Slice<>(found, next);
    }

    private static Map<String, AttributeValue> startKey(String tenant, String after) {
        int dash = after.indexOf('-');
        long millis;
        try {
            millis = dash < 1 ? -1 : Long.parseLong(after.substring(0, dash));
        } catch (NumberFormatException e) {
            millis = -1;
        }
        String id = dash < 0 ? "" : after.substring(dash + 1);
        if (millis < 0 || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a position in the events list");
        }
        return Map.of(EventAttributes.PK, AttributeValue.fromS(pk(tenant, id)),
                EventAttributes.TENANT, AttributeValue.fromS(tenant),
                EventAttributes.RECEIVED_AT, AttributeValue.fromN(Long.toString(millis)));
    }

    private static String pk(String tenant, String id) {
        return PREFIX + tenant + "#" + id;
    }
}
