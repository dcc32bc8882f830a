package dev.hookline.local.cli;

import dev.hookline.core.deliveries.DeliveryAttributes;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.deliveries.DeliveryStatus;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Redrive of the deliveries DLQ. A dead-lettered delivery's record is DEAD, and the sender treats
 * DEAD as final (a duplicate message must never reopen it), so moving the message alone would
 * change nothing. Redriving is the operator's deliberate "try again": for each message this sets
 * its record back to PENDING (only if it is DEAD; the attempt log is kept), then sends the message
 * to the deliveries queue and deletes it from the DLQ, in that order, so a crash leaves at worst a
 * duplicate, which the sender ignores once the delivery has succeeded.
 */
final class DeliveryRedrive {
    /** Counts of one redrive. */
    record Outcome(int moved, int reopened, int unreadable) {
    }

    private final SqsClient sqs;
    private final DynamoDbClient dynamo;
    private final String table;

    DeliveryRedrive(SqsClient sqs, DynamoDbClient dynamo, String table) {
        this.sqs = sqs;
        this.dynamo = dynamo;
        this.table = table;
    }

    Outcome run(String dlqUrl, String queueUrl) {
        int moved = 0;
        int reopened = 0;
        int unreadable = 0;
        Set<String> seen = new HashSet<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(60)).messages();
            List<Message> fresh = batch.stream().filter(m -> seen.add(m.messageId())).toList();
            if (fresh.isEmpty()) {
                return new Outcome(moved, reopened, unreadable);
            }
            for (Message message : fresh) {
                DeliveryMessage delivery;
                try {
                    delivery = DeliveryMessage.fromJson(message.body());
                } catch (IllegalArgumentException e) {
                    // Left in the DLQ (visible again in a minute) for a person to look at.
                    unreadable++;
                    continue;
                }
                if (reopen(delivery.deliveryId())) {
                    reopened++;
                }
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(message.body()));
                sqs.deleteMessage(b -> b.queueUrl(dlqUrl).receiptHandle(message.receiptHandle()));
                moved++;
            }
        }
    }

    private boolean reopen(String deliveryId) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(DeliveryAttributes.PK, AttributeValue.fromS(deliveryId)))
                    .updateExpression("SET #status = :pending, redrivenAt = :now, #updated = :now REMOVE #next")
                    .conditionExpression("#status = :dead")
                    .expressionAttributeNames(Map.of("#status", DeliveryAttributes.STATUS,
                            "#updated", DeliveryAttributes.UPDATED_AT, "#next", DeliveryAttributes.NEXT_ATTEMPT_AT))
                    .expressionAttributeValues(Map.of(
                            ":pending", AttributeValue.fromS(DeliveryStatus.PENDING.name()),
                            ":dead", AttributeValue.fromS(DeliveryStatus.DEAD.name()),
                            ":now", AttributeValue.fromN(Long.toString(Instant.now().toEpochMilli())))));
            return true;
        } catch (ConditionalCheckFailedException notDead) {
            return false;
        }
    }
}
