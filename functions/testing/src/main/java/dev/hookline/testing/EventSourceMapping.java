package dev.hookline.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Drives a handler from a real queue the way Lambda's SQS event source mapping does with
 * {@code ReportBatchItemFailures}: receive a batch, invoke, delete the records not reported as
 * failed. A handler that throws fails the whole batch (nothing deleted). Failed messages come
 * back when their visibility timeout (or one the handler set) ends, and the queue's redrive
 * policy moves them to the DLQ after {@code maxReceiveCount} receives: all of it done by the
 * queue itself, nothing simulated here.
 */
public final class EventSourceMapping {
    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final int batchSize;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final String functionName;

    public EventSourceMapping(SqsClient sqs, String queueUrl, int batchSize,
                              RequestHandler<SQSEvent, SQSBatchResponse> handler, String functionName) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        this.batchSize = batchSize;
        this.handler = handler;
        this.functionName = functionName;
    }

    /** Outcome of one poll. */
    public record Poll(int received, int failed, boolean threw) {
    }

    /** Receives one batch (waiting up to {@code wait} for messages), invokes the handler, deletes successes. */
    public Poll pollOnce(Duration wait) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                .maxNumberOfMessages(batchSize)
                .waitTimeSeconds((int) Math.min(20, wait.toSeconds()))
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
        if (messages.isEmpty()) {
            return new Poll(0, 0, false);
        }
        Context context = new LocalContext(functionName);
        SQSBatchResponse response;
        try {
            response = handler.handleRequest(SqsEvents.from(messages, queueArn), context);
        } catch (RuntimeException e) {
            return new Poll(messages.size(), messages.size(), true);
        }
        Set<String> failed = new HashSet<>();
        if (response != null && response.getBatchItemFailures() != null) {
            response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        }
        List<DeleteMessageBatchRequestEntry> deletes = messages.stream()
                .filter(m -> !failed.contains(m.messageId()))
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle())
                        .build())
                .toList();
        if (!deletes.isEmpty()) {
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(deletes));
        }
        return new Poll(messages.size(), failed.size(), false);
    }

    public String queueArn() {
        return queueArn;
    }
}
