package dev.hookline.core.deliveries;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A redrive's "run it again": a DEAD or SKIPPED record back to PENDING with a fresh attempt budget.
 * The attempt log and the total {@code attempts} stay; {@code attemptsBeforeRedrive} marks where the
 * new run's budget starts. Used by the sender when a message it dead-lettered comes back from
 * deliveries-dlq (by any redrive: the CLI, SQS's DLQ redrive, the console), and by the CLI for older
 * dead-lettered messages that carry no dead-letter id.
 */
public final class DeliveryReopen {
    private DeliveryReopen() {
    }

    /**
     * Reopens the record if it is DEAD or SKIPPED and its dead-letter id is {@code deadLetterId}
     * (null: the record has none). One conditional UpdateItem, so of two copies of the same redriven
     * message only one reopens the run.
     *
     * @return true if this call reopened it
     */
    public static boolean reopen(DynamoDbClient dynamo, String table, String deliveryId, String deadLetterId,
                                 Instant now) {
        String idCondition = deadLetterId == null ? "attribute_not_exists(#deadLetterId)"
                : "#deadLetterId = :deadLetterId";
        Map<String, AttributeValue> values = new java.util.HashMap<>(Map.of(
                ":pending", AttributeValue.fromS(DeliveryStatus.PENDING.name()),
                ":dead", AttributeValue.fromS(DeliveryStatus.DEAD.name()),
                ":skipped", AttributeValue.fromS(DeliveryStatus.SKIPPED.name()),
                ":zero", AttributeValue.fromN("0"),
                ":now", AttributeValue.fromN(Long.toString(now.toEpochMilli()))));
        if (deadLetterId != null) {
            values.put(":deadLetterId", AttributeValue.fromS(deadLetterId));
        }
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(DeliveryAttributes.PK, AttributeValue.fromS(deliveryId)))
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
}
