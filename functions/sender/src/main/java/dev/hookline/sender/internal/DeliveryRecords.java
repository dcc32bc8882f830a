package dev.hookline.sender.internal;

import dev.hookline.core.deliveries.DeliveryAttributes;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.deliveries.DeliveryStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The sender's writes to the deliveries table. Each is one conditional UpdateItem that only
 * applies while the record is not final (PENDING or RETRYING, or not there yet), so a duplicate
 * message can never reopen a SUCCEEDED, DEAD or SKIPPED delivery.
 */
public final class DeliveryRecords {
    private static final String NOT_FINAL = "attribute_not_exists(pk) OR #status IN (:pending, :retrying)";

    /** Every attribute-name placeholder the updates may use, mapped to its attribute. */
    private static final Map<String, String> NAMES = Map.ofEntries(
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
            Map.entry("#nextAttemptAt", DeliveryAttributes.NEXT_ATTEMPT_AT));

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DeliveryRecords(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** The record's status, or empty when there is no record (the sender then creates it). */
    public Optional<DeliveryStatus> status(String deliveryId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(DeliveryAttributes.PK, AttributeValue.fromS(deliveryId)))
                .projectionExpression("#status").expressionAttributeNames(Map.of("#status",
                        DeliveryAttributes.STATUS))).item();
        if (item == null || !item.containsKey(DeliveryAttributes.STATUS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(DeliveryStatus.valueOf(item.get(DeliveryAttributes.STATUS).s()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static boolean isFinal(DeliveryStatus status) {
        return status == DeliveryStatus.SUCCEEDED || status == DeliveryStatus.DEAD
                || status == DeliveryStatus.SKIPPED;
    }

    /**
     * Appends an entry to the attempt log and sets the status.
     *
     * @param httpAttempt  true for a real HTTP attempt (counted in {@code attempts}); false for a
     *                     deferral or a skip, logged for the record but not counted
     * @param nextAttempt  when the next attempt is due (RETRYING), else null
     * @return false if the record was already final (a duplicate finished it first)
     */
    public boolean record(DeliveryMessage message, Attempt attempt, boolean httpAttempt, DeliveryStatus status,
                          Instant nextAttempt) {
        Instant now = clock.instant();
        Map<String, AttributeValue> entry = new HashMap<>();
        entry.put("at", millis(attempt.at()));
        if (attempt.statusCode() != null) {
            entry.put("statusCode", AttributeValue.fromN(Integer.toString(attempt.statusCode())));
        }
        entry.put("durationMs", AttributeValue.fromN(Long.toString(attempt.durationMs())));
        if (attempt.error() != null) {
            entry.put("error", AttributeValue.fromS(attempt.error()));
        }
        if (attempt.responseBody() != null && !attempt.responseBody().isEmpty()) {
            entry.put("responseBody", AttributeValue.fromS(attempt.responseBody()));
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
        String expression = set + (removed.isEmpty() ? "" : " REMOVE " + String.join(", ", removed));
        // DynamoDB refuses names the expressions do not use.
        Map<String, String> names = new HashMap<>(NAMES);
        names.keySet().removeIf(name -> !expression.contains(name) && !NOT_FINAL.contains(name));
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(DeliveryAttributes.PK, AttributeValue.fromS(message.deliveryId())))
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
