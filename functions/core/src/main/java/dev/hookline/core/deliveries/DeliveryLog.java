package dev.hookline.core.deliveries;

import java.time.Clock;
import java.time.Instant;
import dev.hookline.core.resources.Tables;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The deliveries table: every request made against it, for every module (the processor creates
 * records, the sender appends attempts, the CLI reads and reopens), with the names of
 * {@link DeliveryAttributes}.
 *
 * <p>The sender's writes ({@link #record}) are each one conditional UpdateItem that only applies
 * while the record is not final (PENDING or RETRYING, or not there yet), so a duplicate message can
 * never reopen a SUCCEEDED, DEAD or SKIPPED delivery. Only {@link #reopen}, for the one copy the
 * sender itself dead-lettered (or a redrive of a message that carries no dead-letter id), does.
 */
public final class DeliveryLog {
    private static final String NOT_FINAL = "attribute_not_exists(#pk) OR #status IN (:pending, :retrying)";

    /** Every attribute-name placeholder the updates may use, mapped to its attribute. */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("#pk", DeliveryAttributes.PK),
            Map.entry("#log", DeliveryAttributes.ATTEMPT_LOG),
            Map.entry("#attempts", DeliveryAttributes.ATTEMPTS),
            Map.entry("#status", DeliveryAttributes.STATUS),
            Map.entry("#updatedAt", DeliveryAttributes.UPDATED_AT),
            Map.entry("#endpointId", DeliveryAttributes.ENDPOINT_ID),
            Map.entry("#eventKey", DeliveryAttributes.EVENT_KEY),
            Map.entry("#messageId", DeliveryAttributes.MESSAGE_ID),
            Map.entry("#type", DeliveryAttributes.TYPE),
            Map.entry("#createdAt", DeliveryAttributes.CREATED_AT),
            Map.entry("#expiresAt", DeliveryAttributes.EXPIRES_AT),
            Map.entry("#lastStatusCode", DeliveryAttributes.LAST_STATUS_CODE),
            Map.entry("#lastError", DeliveryAttributes.LAST_ERROR),
            Map.entry("#nextAttemptAt", DeliveryAttributes.NEXT_ATTEMPT_AT),
            Map.entry("#deadLetterId", DeliveryAttributes.DEAD_LETTER_ID));

    /** Attempt-log entry flag: true when the entry is an HTTP request (absent on entries written before it). */
    public static final String ATTEMPT_HTTP = "http";
    /** Attempt-log entry: {@code {url, headers}} of the request sent, without its signature (absent on older entries). */
    public static final String ATTEMPT_REQUEST = "request";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DeliveryLog(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /**
     * What the sender needs from a delivery's record before it acts on a message.
     *
     * @param attempts              HTTP attempts in every run
     * @param attemptsBeforeRedrive {@code attempts} when the current run began (0 if never redriven)
     * @param nextAttemptAt         when the next attempt is due, or null
     * @param deadLetterId          on a DEAD or SKIPPED record, the id of its copy in deliveries-dlq
     */
    public record State(DeliveryStatus status, int attempts, int attemptsBeforeRedrive, Instant nextAttemptAt,
                        String deadLetterId) {
        /** HTTP attempts this run has used of its budget. */
        public int runAttempts() {
            return Math.max(0, attempts - attemptsBeforeRedrive);
        }

        public boolean isFinal() {
            return DeliveryLog.isFinal(status);
        }
    }

    /** The record's state (a consistent read), or empty when there is no record (the sender then creates it). */
    public Optional<State> state(String deliveryId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(deliveryId))
                .projectionExpression("#status, #attempts, #base, #next, #deadLetterId")
                .expressionAttributeNames(Map.of("#status", DeliveryAttributes.STATUS,
                        "#attempts", DeliveryAttributes.ATTEMPTS,
                        "#base", DeliveryAttributes.ATTEMPTS_BEFORE_REDRIVE,
                        "#next", DeliveryAttributes.NEXT_ATTEMPT_AT,
                        "#deadLetterId", DeliveryAttributes.DEAD_LETTER_ID))).item();
        if (item == null || !item.containsKey(DeliveryAttributes.STATUS)) {
            return Optional.empty();
        }
        DeliveryStatus status;
        try {
            status = DeliveryStatus.valueOf(item.get(DeliveryAttributes.STATUS).s());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        AttributeValue next = item.get(DeliveryAttributes.NEXT_ATTEMPT_AT);
        AttributeValue deadLetterId = item.get(DeliveryAttributes.DEAD_LETTER_ID);
        return Optional.of(new State(status, number(item, DeliveryAttributes.ATTEMPTS),
                number(item, DeliveryAttributes.ATTEMPTS_BEFORE_REDRIVE),
                next == null || next.n() == null ? null : Instant.ofEpochMilli(Long.parseLong(next.n())),
                deadLetterId == null ? null : deadLetterId.s()));
    }

    /**
     * A redrive's "run it again": a DEAD or SKIPPED record back to PENDING with a fresh attempt
     * budget, if its dead-letter id is {@code deadLetterId} (null: the record has none). The attempt
     * log and the total {@code attempts} stay; {@code attemptsBeforeRedrive} marks where the new
     * run's budget starts. Used by the sender when a message it dead-lettered comes back from
     * deliveries-dlq (by any redrive: the CLI, SQS's DLQ redrive, the console), and by the CLI for
     * older dead-lettered messages that carry no dead-letter id. One conditional UpdateItem, so of
     * two copies of the same redriven message only one reopens the run.
     *
     * @return true if this call reopened it
     */
    public boolean reopen(String deliveryId, String deadLetterId) {
        String idCondition = deadLetterId == null ? "attribute_not_exists(#deadLetterId)"
                : "#deadLetterId = :deadLetterId";
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":pending", AttributeValue.fromS(DeliveryStatus.PENDING.name()),
                ":dead", AttributeValue.fromS(DeliveryStatus.DEAD.name()),
                ":skipped", AttributeValue.fromS(DeliveryStatus.SKIPPED.name()),
                ":zero", AttributeValue.fromN("0"),
                ":now", millis(clock.instant())));
        if (deadLetterId != null) {
            values.put(":deadLetterId", AttributeValue.fromS(deadLetterId));
        }
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(deliveryId))
                    .updateExpression("SET #status = :pending, #base = if_not_exists(#attempts, :zero), "
                            + "#redrivenAt = :now, #updatedAt = :now REMOVE #next, #deadLetterId")
                    .conditionExpression("#status IN (:dead, :skipped) AND " + idCondition)
                    .expressionAttributeNames(Map.of("#status", DeliveryAttributes.STATUS,
                            "#base", DeliveryAttributes.ATTEMPTS_BEFORE_REDRIVE,
                            "#attempts", DeliveryAttributes.ATTEMPTS,
                            "#redrivenAt", DeliveryAttributes.REDRIVEN_AT,
                            "#updatedAt", DeliveryAttributes.UPDATED_AT,
                            "#next", DeliveryAttributes.NEXT_ATTEMPT_AT,
                            "#deadLetterId", DeliveryAttributes.DEAD_LETTER_ID))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Creates the PENDING record unless it exists (the processor's fan-out); returns whether the
     * delivery still has to be sent: a new record, or one a previous run created but never marked
     * enqueued.
     */
    public boolean createPending(DeliveryMessage message) {
        Map<String, AttributeValue> item = DeliveryItems.pending(message, clock.instant());
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", DeliveryAttributes.PK))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            // ALL_OLD hands back the item that failed the condition, so no GetItem (nor its grant) is needed.
            if (!exists.hasItem() || exists.item().isEmpty()) {
                throw new IllegalStateException("conditional put of " + message.deliveryId()
                        + " failed without returning the existing item");
            }
            Map<String, AttributeValue> old = exists.item();
            AttributeValue status = old.get(DeliveryAttributes.STATUS);
            boolean untouched = status != null && DeliveryStatus.PENDING.name().equals(status.s());
            return untouched && !old.containsKey(DeliveryAttributes.ENQUEUED_AT);
        }
    }

    /**
     * Marks a record whose message the deliveries queue accepted ({@code enqueuedAt}), so a re-run
     * of the fan-out does not send it again. Only an existing record; SDK errors propagate.
     */
    public void markEnqueued(String deliveryId) {
        dynamo.updateItem(b -> b.tableName(table)
                .key(key(deliveryId))
                .updateExpression("SET #q = :now")
                .conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(Map.of("#q", DeliveryAttributes.ENQUEUED_AT, "#pk", DeliveryAttributes.PK))
                .expressionAttributeValues(Map.of(":now", millis(clock.instant()))));
    }

    /** The whole record (a consistent read), or empty. Attribute names: {@link DeliveryAttributes}. */
    public Optional<Map<String, AttributeValue>> item(String deliveryId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(deliveryId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /**
     * Whether the record is DEAD or SKIPPED and names this dead-lettered copy: the sender will reopen
     * it when the copy comes back.
     */
    public boolean namesDeadLetter(String deliveryId, String deadLetterId) {
        Map<String, AttributeValue> item = item(deliveryId).orElse(Map.of());
        if (!item.containsKey(DeliveryAttributes.STATUS)) {
            return false;
        }
        String status = item.get(DeliveryAttributes.STATUS).s();
        AttributeValue named = item.get(DeliveryAttributes.DEAD_LETTER_ID);
        return (DeliveryStatus.DEAD.name().equals(status) || DeliveryStatus.SKIPPED.name().equals(status))
                && named != null && deadLetterId.equals(named.s());
    }

    /**
     * Records newest first, at most {@code limit}: by endpoint (its index, optionally filtered by
     * status), by status (its index), or, with neither, a scan of at most 10,000 items sorted here
     * (fine for a log kept 30 days on a laptop; the API will page instead).
     */
    public List<Map<String, AttributeValue>> list(DeliveryStatus status, String endpointId, int limit) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        if (status == null && endpointId == null) {
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                var page = dynamo.scan(b -> b.tableName(table).exclusiveStartKey(from));
                items.addAll(page.items());
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey()
                        : null;
            } while (start != null && items.size() < 10_000);
            items.sort(Comparator.comparing((Map<String, AttributeValue> i) -> createdAt(i)).reversed());
        } else {
            boolean byEndpoint = endpointId != null;
            QueryRequest.Builder query = QueryRequest.builder().tableName(table)
                    .indexName(byEndpoint ? Tables.DELIVERIES_BY_ENDPOINT : Tables.DELIVERIES_BY_STATUS)
                    .keyConditionExpression("#k = :k")
                    .scanIndexForward(false);
            Map<String, String> names = new HashMap<>();
            Map<String, AttributeValue> values = new HashMap<>();
            names.put("#k", byEndpoint ? DeliveryAttributes.ENDPOINT_ID : DeliveryAttributes.STATUS);
            values.put(":k", AttributeValue.fromS(byEndpoint ? endpointId : status.name()));
            if (byEndpoint && status != null) {
                query.filterExpression("#s = :s");
                names.put("#s", DeliveryAttributes.STATUS);
                values.put(":s", AttributeValue.fromS(status.name()));
            }
            query.expressionAttributeNames(names).expressionAttributeValues(values);
            Map<String, AttributeValue> start = null;
            do {
                if (start != null) {
                    query.exclusiveStartKey(start);
                }
                var page = dynamo.query(query.build());
                items.addAll(page.items());
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey()
                        : null;
            } while (start != null && items.size() < limit);
        }
        return items.subList(0, Math.min(limit, items.size()));
    }


    /**
     * One page of an endpoint's log through its {@code byEndpoint} index, newest first: records
     * created in {@code [since, until]} (either may be null), matching {@code status} and
     * {@code type} when given, strictly after {@code after} in (createdAt desc, pk desc) order.
     * Reads index pages until {@code limit} records matched or the range is exhausted, so the cost
     * is bounded by what the filters drop, never by the table.
     */
    public List<Map<String, AttributeValue>> endpointPage(String endpointId, DeliveryStatus status, String type,
                                                          Instant since, Instant until, LogPosition after,
                                                          int limit) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#k", DeliveryAttributes.ENDPOINT_ID);
        names.put("#c", DeliveryAttributes.CREATED_AT);
        values.put(":k", AttributeValue.fromS(endpointId));
        long from = since == null ? 0 : since.toEpochMilli();
        long to = until == null ? Long.MAX_VALUE / 2 : until.toEpochMilli();
        if (after != null) {
            to = Math.min(to, after.createdAtMillis());
        }
        values.put(":from", AttributeValue.fromN(Long.toString(from)));
        values.put(":to", AttributeValue.fromN(Long.toString(to)));
        List<String> filters = new ArrayList<>();
        if (status != null) {
            names.put("#s", DeliveryAttributes.STATUS);
            values.put(":s", AttributeValue.fromS(status.name()));
            filters.add("#s = :s");
        }
        if (type != null) {
            names.put("#t", DeliveryAttributes.TYPE);
            values.put(":t", AttributeValue.fromS(type));
            filters.add("#t = :t");
        }
        QueryRequest.Builder query = QueryRequest.builder().tableName(table)
                .indexName(Tables.DELIVERIES_BY_ENDPOINT)
                .keyConditionExpression("#k = :k AND #c BETWEEN :from AND :to")
                .scanIndexForward(false)
                .limit(Math.min(1000, Math.max(limit * 2, 25)))
                .expressionAttributeNames(names)
                .expressionAttributeValues(values);
        if (!filters.isEmpty()) {
            query.filterExpression(String.join(" AND ", filters));
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            var page = dynamo.query(query.build());
            for (Map<String, AttributeValue> item : page.items()) {
                if (after == null || after.isBefore(createdAt(item), item.get(DeliveryAttributes.PK).s())) {
                    items.add(item);
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && items.size() < limit);
        items.sort(NEWEST_FIRST);
        return items.subList(0, Math.min(limit, items.size()));
    }

    /** The log's order: newest first, ties broken by id (descending) so a cursor is exact. */
    public static final Comparator<Map<String, AttributeValue>> NEWEST_FIRST = Comparator
            .comparingLong((Map<String, AttributeValue> i) -> createdAt(i))
            .thenComparing(i -> i.get(DeliveryAttributes.PK).s()).reversed();

    /** Where a page of the log ended: the last record's creation time and id. */
    public record LogPosition(long createdAtMillis, String deliveryId) {
        public static LogPosition of(Map<String, AttributeValue> item) {
            return new LogPosition(createdAt(item), item.get(DeliveryAttributes.PK).s());
        }

        /** Whether a record at (createdAt, id) comes after this position in newest-first order. */
        public boolean isBefore(long createdAt, String id) {
            return createdAt < createdAtMillis || (createdAt == createdAtMillis && id.compareTo(deliveryId) < 0);
        }
    }

    /**
     * The API's retry: a finished record (DEAD, SKIPPED or SUCCEEDED) back to PENDING with a fresh
     * attempt budget, the attempt log kept. Its dead-letter id is removed, so the copy still in
     * deliveries-dlq, if redriven later, is dropped as a duplicate instead of sending twice.
     *
     * @return false when the record is not finished (still being sent) or does not exist
     */
    public boolean reopenForRetry(String deliveryId) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(deliveryId))
                    .updateExpression("SET #status = :pending, #base = if_not_exists(#attempts, :zero), "
                            + "#redrivenAt = :now, #updatedAt = :now REMOVE #next, #deadLetterId")
                    .conditionExpression("#status IN (:dead, :skipped, :succeeded)")
                    .expressionAttributeNames(Map.of("#status", DeliveryAttributes.STATUS,
                            "#base", DeliveryAttributes.ATTEMPTS_BEFORE_REDRIVE,
                            "#attempts", DeliveryAttributes.ATTEMPTS,
                            "#redrivenAt", DeliveryAttributes.REDRIVEN_AT,
                            "#updatedAt", DeliveryAttributes.UPDATED_AT,
                            "#next", DeliveryAttributes.NEXT_ATTEMPT_AT,
                            "#deadLetterId", DeliveryAttributes.DEAD_LETTER_ID))
                    .expressionAttributeValues(Map.of(
                            ":pending", AttributeValue.fromS(DeliveryStatus.PENDING.name()),
                            ":dead", AttributeValue.fromS(DeliveryStatus.DEAD.name()),
                            ":skipped", AttributeValue.fromS(DeliveryStatus.SKIPPED.name()),
                            ":succeeded", AttributeValue.fromS(DeliveryStatus.SUCCEEDED.name()),
                            ":zero", AttributeValue.fromN("0"),
                            ":now", millis(clock.instant()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static long createdAt(Map<String, AttributeValue> item) {
        AttributeValue v = item.get(DeliveryAttributes.CREATED_AT);
        return v == null || v.n() == null ? 0 : new java.math.BigDecimal(v.n()).longValue();
    }

    private static Map<String, AttributeValue> key(String deliveryId) {
        return Map.of(DeliveryAttributes.PK, AttributeValue.fromS(deliveryId));
    }

    public static boolean isFinal(DeliveryStatus status) {
        return status == DeliveryStatus.SUCCEEDED || status == DeliveryStatus.DEAD
                || status == DeliveryStatus.SKIPPED;
    }

    private static int number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Integer.parseInt(v.n());
    }

    /**
     * Appends an entry to the attempt log and sets the status.
     *
     * @param httpAttempt  true for a real HTTP attempt (counted in {@code attempts}); false for a
     *                     deferral or a skip, logged for the record but not counted
     * @param nextAttempt  when the next attempt is due (RETRYING), else null
     * @param deadLetterId for DEAD and SKIPPED: the id of the message's copy in deliveries-dlq, else null
     * @return false if the record was already final (a duplicate finished it first)
     */
    public boolean record(DeliveryMessage message, Attempt attempt, boolean httpAttempt, DeliveryStatus status,
                          Instant nextAttempt, String deadLetterId) {
        Instant now = clock.instant();
        Map<String, AttributeValue> entry = new HashMap<>();
        entry.put("at", millis(attempt.at()));
        if (attempt.statusCode() != null) {
            entry.put("statusCode", AttributeValue.fromN(Integer.toString(attempt.statusCode())));
        }
        entry.put("durationMs", AttributeValue.fromN(Long.toString(attempt.durationMs())));
        // Whether a request was made: a network error and a deferral both lack a status code, and
        // the stats count requests only.
        entry.put(ATTEMPT_HTTP, AttributeValue.fromBool(httpAttempt));
        if (attempt.error() != null) {
            entry.put("error", AttributeValue.fromS(attempt.error()));
        }
        if (attempt.responseBody() != null && !attempt.responseBody().isEmpty()) {
            entry.put("responseBody", AttributeValue.fromS(attempt.responseBody()));
        }
        if (attempt.request() != null) {
            Map<String, AttributeValue> headers = new HashMap<>();
            attempt.request().headers().forEach((k, v) -> headers.put(k, AttributeValue.fromS(v)));
            entry.put(ATTEMPT_REQUEST, AttributeValue.fromM(Map.of("url", AttributeValue.fromS(attempt.request().url()),
                    "headers", AttributeValue.fromM(headers))));
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":entry", AttributeValue.fromL(List.of(AttributeValue.fromM(entry))));
        values.put(":empty", AttributeValue.fromL(List.of()));
        values.put(":zero", AttributeValue.fromN("0"));
        values.put(":count", AttributeValue.fromN(httpAttempt ? "1" : "0"));
        values.put(":status", AttributeValue.fromS(status.name()));
        values.put(":now", millis(now));
        values.put(":pending", AttributeValue.fromS(DeliveryStatus.PENDING.name()));
        values.put(":retrying", AttributeValue.fromS(DeliveryStatus.RETRYING.name()));
        values.put(":endpointId", AttributeValue.fromS(message.endpointId()));
        values.put(":eventKey", AttributeValue.fromS(message.eventKey()));
        values.put(":messageId", AttributeValue.fromS(message.messageId()));
        values.put(":type", AttributeValue.fromS(message.type()));
        values.put(":expiresAt", AttributeValue.fromN(Long.toString(
                now.plus(DeliveryAttributes.RETENTION).getEpochSecond())));
        StringBuilder set = new StringBuilder("SET #log = list_append(if_not_exists(#log, :empty), :entry), "
                + "#attempts = if_not_exists(#attempts, :zero) + :count, #status = :status, #updatedAt = :now, "
                // The processor creates the record; these only fill it in when the sender got there first.
                + "#endpointId = if_not_exists(#endpointId, :endpointId), "
                + "#eventKey = if_not_exists(#eventKey, :eventKey), "
                + "#messageId = if_not_exists(#messageId, :messageId), #type = if_not_exists(#type, :type), "
                + "#createdAt = if_not_exists(#createdAt, :now), #expiresAt = if_not_exists(#expiresAt, :expiresAt)");
        List<String> removed = new ArrayList<>();
        // A deferral or skip keeps the last HTTP status; an HTTP attempt without one (a network error) clears it.
        setOrRemove(set, removed, values, "#lastStatusCode", attempt.statusCode() == null ? null
                : AttributeValue.fromN(Integer.toString(attempt.statusCode())), httpAttempt);
        setOrRemove(set, removed, values, "#lastError", attempt.error() == null ? null
                : AttributeValue.fromS(attempt.error()), true);
        setOrRemove(set, removed, values, "#nextAttemptAt", nextAttempt == null ? null : millis(nextAttempt), true);
        setOrRemove(set, removed, values, "#deadLetterId", deadLetterId == null ? null
                : AttributeValue.fromS(deadLetterId), true);
        String expression = set + (removed.isEmpty() ? "" : " REMOVE " + String.join(", ", removed));
        // DynamoDB refuses names the expressions do not use.
        Map<String, String> names = new HashMap<>(NAMES);
        names.keySet().removeIf(name -> !expression.contains(name) && !NOT_FINAL.contains(name));
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(message.deliveryId()))
                    .updateExpression(expression)
                    .conditionExpression(NOT_FINAL)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** {@code SET #name = :name} for a value; a null value is removed from the item when {@code removeIfNull}. */
    private static void setOrRemove(StringBuilder set, List<String> removed, Map<String, AttributeValue> values,
                                    String name, AttributeValue value, boolean removeIfNull) {
        if (value != null) {
            String placeholder = ":" + name.substring(1);
            set.append(", ").append(name).append(" = ").append(placeholder);
            values.put(placeholder, value);
        } else if (removeIfNull) {
            removed.add(name);
        }
    }

    private static AttributeValue millis(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.toEpochMilli()));
    }
}
