package dev.hookline.processor.internal;

import dev.hookline.core.deliveries.DeliveryLog;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.log.JsonLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * One event to its subscribers: a PENDING record per delivery in the deliveries table, then one
 * message per delivery on the deliveries queue (SendMessageBatch), then an {@code enqueuedAt}
 * marker on each record whose message the queue accepted.
 *
 * <p>Re-running a half-done fan-out (a retry of the inbound message) finds the records: those with
 * {@code enqueuedAt}, or already touched by the sender, are not sent again; the rest are. The one
 * window left is a crash (or a failed marker write) between the queue accepting a batch and the
 * markers being written: a re-run then sends those deliveries a second time, and the sender's
 * status check on the record drops the copy once the first one finished.
 *
 * <p>Entries the queue refuses are retried ({@value #ATTEMPTS} attempts in all) unless the error is
 * the sender's fault (too big, invalid characters), where a retry cannot help; whatever is still
 * not enqueued is thrown as a {@link FanOutException}, so the inbound record fails and nothing is
 * dropped silently.
 */
public final class FanOut {
    static final int ATTEMPTS = 3;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(50);

    private final DeliveryLog deliveries;
    private final SqsClient sqs;
    private final String queueUrl;
    private final int maxBatchBytes;
    private final JsonLog log;

    public FanOut(DeliveryLog deliveries, SqsClient sqs, String queueUrl, int maxBatchBytes, JsonLog log) {
        this.deliveries = deliveries;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.maxBatchBytes = maxBatchBytes;
        this.log = log;
    }

    /** @param enqueued messages sent now; already: deliveries a previous run had enqueued */
    public record Result(int enqueued, int already) {
    }

    public Result fanOut(String eventKey, String messageId, String type, String payload, Instant receivedAt,
                         List<Endpoint> subscribers) {
        List<DeliveryMessage> toSend = new ArrayList<>();
        int already = 0;
        for (Endpoint endpoint : subscribers) {
            DeliveryMessage message = new DeliveryMessage(DeliveryMessage.deliveryId(eventKey, endpoint.id()),
                    endpoint.id(), eventKey, messageId, type, payload, receivedAt);
            if (deliveries.createPending(message)) {
                toSend.add(message);
            } else {
                already++;
            }
        }
        int enqueued = 0;
        List<String> failures = new ArrayList<>();
        // Each body is written once: a payload may be close to 1 MiB.
        List<Outgoing> outgoing = toSend.stream().map(m -> new Outgoing(m, m.toJson())).toList();
        for (List<Outgoing> batch : DeliveryBatches.pack(outgoing, Outgoing::body, maxBatchBytes)) {
            Map<String, String> errors = send(batch);
            for (Outgoing out : batch) {
                DeliveryMessage message = out.message();
                String error = errors.get(message.deliveryId());
                if (error == null) {
                    enqueued++;
                } else {
                    failures.add(message.endpointId() + ": " + error);
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new FanOutException(enqueued, failures);
        }
        return new Result(enqueued, already);
    }

    private record Outgoing(DeliveryMessage message, String body) {
    }

    /** Sends one batch; returns the error per delivery id of the entries not enqueued. */
    private Map<String, String> send(List<Outgoing> batch) {
        Map<String, Outgoing> pending = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            pending.put("d" + i, batch.get(i));
        }
        Map<String, String> errors = new HashMap<>();
        for (int attempt = 1; attempt <= ATTEMPTS && !pending.isEmpty(); attempt++) {
            if (attempt > 1) {
                pause(attempt);
            }
            List<SendMessageBatchRequestEntry> entries = pending.entrySet().stream()
                    .map(e -> SendMessageBatchRequestEntry.builder().id(e.getKey()).messageBody(e.getValue().body()).build())
                    .toList();
            SendMessageBatchResponse response;
            try {
                response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            } catch (AwsServiceException e) {
                // The whole request was refused (the SDK already retried what is retryable).
                String code = e.awsErrorDetails() == null ? e.getClass().getSimpleName() : e.awsErrorDetails().errorCode();
                pending.values().forEach(o -> errors.put(o.message().deliveryId(), "request refused: " + code));
                return errors;
            } catch (SdkException e) {
                pending.values().forEach(o -> errors.put(o.message().deliveryId(),
                        "request failed: " + e.getClass().getSimpleName()));
                return errors;
            }
            response.successful().forEach(ok -> {
                Outgoing sent = pending.remove(ok.id());
                if (sent != null) {
                    errors.remove(sent.message().deliveryId());
                    markEnqueued(sent.message());
                }
            });
            boolean retryable = false;
            for (BatchResultErrorEntry failed : response.failed()) {
                Outgoing entry = pending.get(failed.id());
                if (entry == null) {
                    continue;
                }
                errors.put(entry.message().deliveryId(), failed.code() + (Boolean.TRUE.equals(failed.senderFault())
                        ? " (sender fault)" : ""));
                if (Boolean.TRUE.equals(failed.senderFault())) {
                    pending.remove(failed.id()); // the same entry would be refused again
                } else {
                    retryable = true;
                }
            }
            if (!retryable) {
                break;
            }
        }
        return errors;
    }

    /**
     * A failed marker write is logged, not thrown: the message is on the queue, and failing the
     * record would make the retry send it again, the very duplicate the marker exists to prevent.
     */
    private void markEnqueued(DeliveryMessage message) {
        try {
            deliveries.markEnqueued(message.deliveryId());
        } catch (SdkException e) {
            log.warn("delivery enqueued but its record could not be marked; a retry of this event would send it again")
                    .with("deliveryId", message.deliveryId())
                    .with("error", e.getClass().getSimpleName())
                    .emit();
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis() * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
