package dev.hookline.core.dlq;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * hookline's two dead-letter queues by name ({@code inbound-dlq}, {@code deliveries-dlq}) with the
 * queue each one redrives to: their approximate counts, and a redrive by SQS's own
 * {@code StartMessageMoveTask}, which moves the messages back to the named source queue. A
 * redriven delivery copy carries its dead-letter id, so the sender reopens the DEAD or SKIPPED
 * record it names, exactly as after the CLI's or the console's redrive.
 */
public final class DeadLetterQueues {
    /** One DLQ and the queue its messages go back to. */
    public record Dlq(String name, String url, String sourceUrl) {
    }

    /** A DLQ's approximate depth: visible plus in flight (SQS's ApproximateNumberOfMessages*). */
    public record Depth(String name, long approximateCount) {
    }

    private final SqsClient sqs;
    private final List<Dlq> dlqs;

    public DeadLetterQueues(SqsClient sqs, List<Dlq> dlqs) {
        this.sqs = sqs;
        this.dlqs = List.copyOf(dlqs);
    }

    public List<Dlq> all() {
        return dlqs;
    }

    public Optional<Dlq> named(String name) {
        return dlqs.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** Both counts are approximate: SQS says so, and a count read while messages move is already stale. */
    public Depth depth(Dlq dlq) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(dlq.url())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return new Depth(dlq.name(), count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                + count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /**
     * Starts moving every message of the DLQ back to its source queue; returns the task's handle.
     * StartMessageMoveTask takes ARNs, so both queues' ARNs are read first (GetQueueAttributes).
     */
    public String redrive(Dlq dlq) {
        String from = arn(dlq.url());
        String to = arn(dlq.sourceUrl());
        return sqs.startMessageMoveTask(b -> b.sourceArn(from).destinationArn(to)).taskHandle();
    }

    private String arn(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static long count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
        String value = attributes.get(name);
        return value == null ? 0 : Long.parseLong(value);
    }
}
