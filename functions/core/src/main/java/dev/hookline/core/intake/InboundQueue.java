package dev.hookline.core.intake;

import dev.hookline.core.events.InboundMessage;
import dev.hookline.core.sqs.SqsText;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
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

    /**
     * SQS's limit on one message, body and attributes together. The body limit of the receiver
     * leaves room for the envelope, but JSON escaping can still grow a body past it (a quote
     * becomes two characters), so the finished message is measured too.
     */
    public static final int SQS_MAX_MESSAGE_BYTES = 1024 * 1024;

    /**
     * The queue message for this event, or null when it would be over SQS's limit. Measured on the
     * text as sent, after JSON escaping and {@link SqsText}'s escapes of characters SQS refuses.
     */
    public static String bodyWithinLimit(InboundMessage message) {
        String body = message.toJson();
        long size = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + attributeBytes(message);
        return size > SQS_MAX_MESSAGE_BYTES ? null : body;
    }

    /** Sends {@code body} ({@link #bodyWithinLimit}); throws the SDK's exception when it was not accepted. */
    public void send(InboundMessage message, String body) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl)
                .messageBody(body)
                .messageAttributes(Map.of(
                        InboundMessage.ATTR_SOURCE, text(SqsText.attribute(message.source())),
                        InboundMessage.ATTR_TYPE, text(SqsText.attribute(message.type())))));
    }

    /**
     * Whether a failed send certainly left nothing on the queue: SQS answered with a 4xx client
     * error, so the request was refused (a missing queue, invalid contents, throttling, access
     * denied). Anything else (a timeout, a connection reset, a 5xx) may have happened after SQS
     * stored the message: AWS's error-retry guidance treats 5xx and transport errors as retryable
     * precisely because the outcome is unknown, and the SDK's own retries can add a second copy.
     */
    public static boolean refused(SdkException e) {
        return e instanceof AwsServiceException service && service.statusCode() >= 400 && service.statusCode() < 500;
    }

    /** A read-only call on the queue, so a SnapStart snapshot holds a warmed SQS client. Sends nothing. */
    public void prime() {
        sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT));
    }

    /** SQS counts each attribute's name, type and value against the limit. */
    private static long attributeBytes(InboundMessage message) {
        return InboundMessage.ATTR_SOURCE.length() + InboundMessage.ATTR_TYPE.length() + 2 * "String".length()
                + SqsText.attribute(message.source()).getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + SqsText.attribute(message.type()).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
