package dev.hookline.local.cli;

import dev.hookline.core.deliveries.DeliveryLog;
import dev.hookline.core.deliveries.DeliveryMessage;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Redrive of the deliveries DLQ: every message goes back to the deliveries queue, body unchanged, and
 * is deleted from the DLQ, in that order (a crash leaves at worst a duplicate, which the sender
 * ignores). The sender itself reopens what it dead-lettered: each copy it put in the DLQ carries a
 * dead-letter id in its body that its DEAD or SKIPPED record names, and that copy coming back runs
 * the delivery again with a fresh attempt budget (the attempt log is kept). SQS's own DLQ redrive
 * (the console's) works the same way, since it keeps the body. Only messages without the id (put
 * there by an older sender, or moved by the queue's maxReceiveCount safety net) have their DEAD or
 * SKIPPED record reopened here.
 */
final class DeliveryRedrive {
    /**
     * Counts of one redrive.
     *
     * @param rerun dead or skipped deliveries that will run again (a non-final one simply continues)
     */
    record Outcome(int moved, int rerun, int unreadable) {
    }

    private final SqsClient sqs;
    private final DeliveryLog deliveries;

    DeliveryRedrive(SqsClient sqs, DynamoDbClient dynamo, String table) {
        this.sqs = sqs;
        this.deliveries = new DeliveryLog(dynamo, table, Clock.systemUTC());
    }

    Outcome run(String dlqUrl, String queueUrl) {
        int moved = 0;
        int rerun = 0;
        int unreadable = 0;
        Set<String> seen = new HashSet<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(60)).messages();
            List<Message> fresh = batch.stream().filter(m -> seen.add(m.messageId())).toList();
            if (fresh.isEmpty()) {
                return new Outcome(moved, rerun, unreadable);
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
                String deadLetterId = DeliveryMessage.deadLetterId(message.body());
                boolean willRun = deadLetterId == null
                        ? deliveries.reopen(delivery.deliveryId(), null)
                        : deliveries.namesDeadLetter(delivery.deliveryId(), deadLetterId);
                if (willRun) {
                    rerun++;
                }
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(message.body()));
                sqs.deleteMessage(b -> b.queueUrl(dlqUrl).receiptHandle(message.receiptHandle()));
                moved++;
            }
        }
    }
}
