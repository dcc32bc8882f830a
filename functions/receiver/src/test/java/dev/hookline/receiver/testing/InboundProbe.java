package dev.hookline.receiver.testing;

import dev.hookline.core.events.InboundMessage;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Reads everything that reached one inbound queue, keeping what it read, so a test counts the
 * messages of its own event even when other tests of the class share the queue.
 */
public final class InboundProbe {
    private final SqsClient sqs;
    private final String queueUrl;
    private final List<Message> seen = new ArrayList<>();

    public InboundProbe(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Every message of the event ever sent to the queue (drained, deleted and remembered). */
    public synchronized List<Message> messagesFor(String source, String eventId) {
        drain();
        return seen.stream().filter(m -> {
            InboundMessage inbound = InboundMessage.fromJson(m.body());
            return inbound.source().equals(source) && inbound.eventId().equals(eventId);
        }).toList();
    }

    private void drain() {
        // Sends are synchronous, so what was sent is visible now: read until a receive comes back empty.
        for (int round = 0; round < 1000; round++) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).visibilityTimeout(30).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (batch.isEmpty()) {
                return;
            }
            for (Message m : batch) {
                seen.add(m);
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        throw new AssertionError("the queue never ran empty");
    }

    public static List<InboundMessage> parsed(List<Message> messages) {
        List<InboundMessage> out = new ArrayList<>();
        messages.forEach(m -> out.add(InboundMessage.fromJson(m.body())));
        return out;
    }
}
