package dev.hookline.receiver.internal;

import dev.hookline.core.events.InboundMessage;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Sends verified events to the inbound queue, with source and type as message attributes. */
public final class InboundQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    public InboundQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Throws the SDK's exception when the message was not accepted. */
    public void send(InboundMessage message) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl)
                .messageBody(message.toJson())
                .messageAttributes(Map.of(
                        InboundMessage.ATTR_SOURCE, text(message.source()),
                        InboundMessage.ATTR_TYPE, text(message.type()))));
    }

    /** A read-only call on the queue, so a SnapStart snapshot holds a warmed SQS client. Sends nothing. */
    public void prime() {
        sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
