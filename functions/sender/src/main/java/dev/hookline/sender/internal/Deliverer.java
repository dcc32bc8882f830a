package dev.hookline.sender.internal;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.deliveries.DeliveryStatus;
import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointCache;
import dev.hookline.core.endpoints.EndpointNotFoundException;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.log.JsonLog;
import dev.hookline.core.metrics.Metrics;
import dev.hookline.core.signing.EndpointSecrets;
import dev.hookline.core.signing.SigningKey;
import dev.hookline.core.signing.StandardWebhooks;
import dev.hookline.sender.SenderSettings;
import dev.hookline.sender.http.HttpResult;
import dev.hookline.sender.http.HttpSender;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Handles one deliveries-queue record, start to finish: DESIGN §4's outcome table. Returns true
 * when the record is done (the ESM deletes it) and false when it must come back (retry, deferral,
 * exhaustion through redrive, or a fault of our own such as DynamoDB being unavailable).
 */
public final class Deliverer {
    /** Message attribute on messages this sender puts in the DLQ itself: why. */
    public static final String DLQ_REASON_ATTRIBUTE = "hooklineReason";

    private final SenderSettings settings;
    private final DeliveryRecords records;
    private final EndpointCache endpoints;
    private final EndpointRegistry registry;
    private final EndpointHealth health;
    private final SqsClient sqs;
    private final HttpSender http;
    private final Supplier<SigningKey> signingKey;
    private final Backoff backoff;
    private final Clock clock;
    private final JsonLog log;
    private final Metrics metrics;

    public Deliverer(SenderSettings settings, DeliveryRecords records, EndpointCache endpoints,
                     EndpointRegistry registry, EndpointHealth health, SqsClient sqs, HttpSender http,
                     Supplier<SigningKey> signingKey, Backoff backoff, Clock clock, JsonLog log, Metrics metrics) {
        this.settings = settings;
        this.records = records;
        this.endpoints = endpoints;
        this.registry = registry;
        this.health = health;
        this.sqs = sqs;
        this.http = http;
        this.signingKey = signingKey;
        this.backoff = backoff;
        this.clock = clock;
        this.log = log;
        this.metrics = metrics;
    }

    public boolean deliver(SQSEvent.SQSMessage record) {
        int attempt = receiveCount(record);
        DeliveryMessage message;
        try {
            message = DeliveryMessage.fromJson(record.getBody());
        } catch (IllegalArgumentException e) {
            // It can never be delivered; park it where an operator sees it instead of retrying it for days.
            log.error("malformed delivery message").with("sqsMessageId", record.getMessageId())
                    .with("error", e.getMessage()).emit();
            metrics.count("deliveryDead");
            return toDlq(record, "malformed: " + e.getMessage());
        }
        Optional<DeliveryStatus> status = records.status(message.deliveryId());
        if (status.isPresent() && DeliveryRecords.isFinal(status.get())) {
            line("duplicate ignored", message, attempt).with("status", status.get().name()).emit();
            metrics.count("deliveryDuplicate");
            return true;
        }
        Optional<Endpoint> found = endpoints.get(message.endpointId());
        Instant now = clock.instant();
        if (found.isEmpty()) {
            boolean parked = toDlq(record, "endpoint not found");
            if (parked) {
                records.record(message, new Attempt(now, null, 0, "endpoint not found", null), false,
                        DeliveryStatus.DEAD, null);
                finish("dead", message, attempt).with("error", "endpoint not found").emit();
                metrics.count("deliveryDead");
            }
            return parked;
        }
        Endpoint endpoint = found.get();
        if (!endpoint.active()) {
            records.record(message, new Attempt(now, null, 0, "endpoint disabled: " + endpoint.disabledReason(),
                    null), false, DeliveryStatus.SKIPPED, null);
            finish("skipped", message, attempt).emit();
            metrics.count("deliverySkipped");
            return true;
        }
        if (endpoint.circuitOpenUntil() != null) {
            if (endpoint.circuitOpenUntil().isAfter(now)) {
                return defer(record, message, endpoint, attempt, now);
            }
            Optional<Endpoint> probe = health.claimProbe(endpoint);
            if (probe.isEmpty()) {
                Endpoint current = endpoints.fresh(endpoint.id()).orElse(endpoint);
                if (current.circuitOpenUntil() != null && current.circuitOpenUntil().isAfter(now)) {
                    return defer(record, message, current, attempt, now);
                }
                endpoint = current;
            } else {
                endpoint = probe.get();
                endpoints.put(endpoint);
                line("circuit probe", message, attempt).emit();
            }
        }
        return send(record, message, endpoint, attempt);
    }

    private boolean send(SQSEvent.SQSMessage record, DeliveryMessage message, Endpoint endpoint, int attempt) {
        Instant at = clock.instant();
        StandardWebhooks.Headers signed = StandardWebhooks.sign(message.messageId(), at, message.payload(),
                new EndpointSecrets(signingKey.get()).active(endpoint, at, settings.secretGrace()));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(StandardWebhooks.ID_HEADER, signed.id());
        headers.put(StandardWebhooks.TIMESTAMP_HEADER, signed.timestamp());
        headers.put(StandardWebhooks.SIGNATURE_HEADER, signed.signature());
        HttpResult result;
        try {
            result = http.post(URI.create(endpoint.url()), headers, message.payload().getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            result = HttpResult.refused("endpoint url is not valid");
        }
        metrics.timing("deliveryLatency", result.durationMs());
        Integer code = result.hasResponse() ? result.statusCode() : null;
        int status = result.statusCode();

        if (result.hasResponse() && status >= 200 && status < 300) {
            Attempt entry = new Attempt(at, code, result.durationMs(), null, result.responseBody());
            records.record(message, entry, true, DeliveryStatus.SUCCEEDED, null);
            endpoints.put(health.recordSuccess(endpoint));
            finish("succeeded", message, attempt).with("statusCode", status)
                    .with("latencyMs", result.durationMs()).emit();
            metrics.count("deliverySucceeded");
            metrics.timing("endToEndLatency", Duration.between(message.eventReceivedAt(), clock.instant()).toMillis());
            return true;
        }
        if (status == 410) {
            Attempt entry = new Attempt(at, code, result.durationMs(), "410 Gone: endpoint disabled",
                    result.responseBody());
            try {
                endpoints.put(registry.disable(endpoint.id(), "gone"));
            } catch (EndpointNotFoundException ignored) {
                // deleted meanwhile: nothing left to disable
            }
            records.record(message, entry, true, DeliveryStatus.DEAD, null);
            finish("dead", message, attempt).with("statusCode", status).with("endpointDisabled", true).emit();
            metrics.count("deliveryDead");
            return true;
        }
        if (result.blocked() || (result.hasResponse() && isPermanent(status))) {
            String error = result.blocked() ? result.error() : "permanent failure: HTTP " + status;
            if (!toDlq(record, error)) {
                return false;
            }
            records.record(message, new Attempt(at, code, result.durationMs(), error, result.responseBody()), true,
                    DeliveryStatus.DEAD, null);
            finish("dead", message, attempt).with("statusCode", code).with("error", error).emit();
            metrics.count("deliveryDead");
            return true;
        }
        // Retryable: no response (network error, timeout), 3xx (redirects are never followed), 5xx, 408, 425, 429.
        String error = result.hasResponse() ? "HTTP " + status : result.error();
        endpoints.put(health.recordFailure(endpoint));
        metrics.count("deliveryFailed");
        if (attempt >= settings.maxAttempts()) {
            records.record(message, new Attempt(at, code, result.durationMs(), error + "; attempts exhausted",
                    result.responseBody()), true, DeliveryStatus.DEAD, null);
            // Visible again at once, so the queue's redrive moves it to the DLQ on the next receive.
            changeVisibility(record, message, Duration.ZERO);
            finish("dead", message, attempt).with("statusCode", code).with("error", error)
                    .with("exhausted", true).emit();
            metrics.count("deliveryDead");
            return false;
        }
        Duration wait = Backoff.retryAfter(result.retryAfter(), clock.instant()).orElseGet(() -> backoff.after(attempt));
        Instant next = clock.instant().plus(wait);
        records.record(message, new Attempt(at, code, result.durationMs(), error, result.responseBody()), true,
                DeliveryStatus.RETRYING, next);
        changeVisibility(record, message, wait);
        finish("retry", message, attempt).with("statusCode", code).with("error", error)
                .with("retryInSeconds", Backoff.visibilitySeconds(wait)).emit();
        return false;
    }

    /**
     * The circuit is open: wait without a request. A deferral uses one receive of the attempt
     * budget (SQS counts every receive, and the redrive acts on that count), so it waits until the
     * later of the probe time and this message's own next backoff step: the budget still spans
     * the whole schedule, however long the endpoint is down.
     */
    private boolean defer(SQSEvent.SQSMessage record, DeliveryMessage message, Endpoint endpoint, int attempt,
                          Instant now) {
        metrics.count("deliveryDeferred");
        if (attempt >= settings.maxAttempts()) {
            records.record(message, new Attempt(now, null, 0, "circuit open; attempts exhausted", null), false,
                    DeliveryStatus.DEAD, null);
            changeVisibility(record, message, Duration.ZERO);
            finish("dead", message, attempt).with("error", "circuit open").with("exhausted", true).emit();
            metrics.count("deliveryDead");
            return false;
        }
        Duration untilProbe = Duration.between(now, endpoint.circuitOpenUntil());
        Duration step = backoff.after(attempt);
        Duration wait = Backoff.clamp(untilProbe.compareTo(step) > 0 ? untilProbe : step);
        records.record(message, new Attempt(now, null, 0, "circuit open: deferred without a request", null), false,
                DeliveryStatus.RETRYING, now.plus(wait));
        changeVisibility(record, message, wait);
        finish("deferred", message, attempt).with("retryInSeconds", Backoff.visibilitySeconds(wait)).emit();
        return false;
    }

    private static boolean isPermanent(int status) {
        return status >= 400 && status < 500 && status != 408 && status != 425 && status != 429;
    }

    private void changeVisibility(SQSEvent.SQSMessage record, DeliveryMessage message, Duration wait) {
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(settings.queueUrl()).receiptHandle(record.getReceiptHandle())
                    .visibilityTimeout(Backoff.visibilitySeconds(wait)));
        } catch (SdkException e) {
            // The message still comes back, after the queue's own visibility timeout instead.
            log.warn("visibility change failed").with("deliveryId", message.deliveryId())
                    .with("error", e instanceof AwsServiceException s && s.awsErrorDetails() != null
                            ? s.awsErrorDetails().errorCode() : e.getClass().getSimpleName()).emit();
        }
    }

    /** Sends the original body to the DLQ; false if that failed (then the record is reported failed, nothing lost). */
    private boolean toDlq(SQSEvent.SQSMessage record, String reason) {
        try {
            sqs.sendMessage(b -> b.queueUrl(settings.dlqUrl()).messageBody(record.getBody())
                    .messageAttributes(Map.of(DLQ_REASON_ATTRIBUTE, MessageAttributeValue.builder()
                            .dataType("String").stringValue(reason.length() > 256 ? reason.substring(0, 256) : reason)
                            .build())));
            return true;
        } catch (SdkException e) {
            log.error("sending to the deliveries DLQ failed").with("sqsMessageId", record.getMessageId())
                    .with("error", e.getClass().getSimpleName()).emit();
            return false;
        }
    }

    private static int receiveCount(SQSEvent.SQSMessage record) {
        Map<String, String> attributes = record.getAttributes();
        String value = attributes == null ? null : attributes.get("ApproximateReceiveCount");
        try {
            return value == null ? 1 : Math.max(1, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private JsonLog.Line line(String text, DeliveryMessage message, int attempt) {
        return log.info(text).with("deliveryId", message.deliveryId()).with("endpointId", message.endpointId())
                .with("eventKey", message.eventKey()).with("type", message.type()).with("attempt", attempt);
    }

    private JsonLog.Line finish(String outcome, DeliveryMessage message, int attempt) {
        return line("delivery " + outcome, message, attempt).with("outcome", outcome);
    }
}
