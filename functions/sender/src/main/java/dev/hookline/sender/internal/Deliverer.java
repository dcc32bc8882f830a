package dev.hookline.sender.internal;

import dev.hookline.core.endpoints.EndpointHealth;
import dev.hookline.core.deliveries.Attempt;
import dev.hookline.core.deliveries.DeliveryLog;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.deliveries.DeliveryStatus;
import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointCache;
import dev.hookline.core.log.JsonLog;
import dev.hookline.core.metrics.Metrics;
import dev.hookline.core.resources.QueueSpec;
import dev.hookline.core.signing.SigningKey;
import dev.hookline.core.signing.StandardWebhooks;
import java.net.URI;
import java.util.LinkedHashMap;
import dev.hookline.sender.SenderSettings;
import dev.hookline.core.outbound.SignedPost;
import dev.hookline.core.outbound.http.HttpResult;
import dev.hookline.core.outbound.http.HttpSender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Handles one deliveries-queue record, start to finish: DESIGN §4's outcome table. Returns true
 * when the record is done (the ESM deletes it) and false when it must come back (retry, deferral,
 * a wait longer than one receipt allows, or a fault of our own such as DynamoDB being unavailable).
 *
 * <p><b>The attempt budget counts HTTP attempts only</b> (DESIGN §9). They are counted in the
 * delivery record ({@code attempts}, an atomic increment in the same conditional UpdateItem that
 * logs the attempt), never by SQS receives: a receive that makes no attempt (DynamoDB down, the
 * circuit open, a message back before its due time) costs the customer nothing. When the budget is
 * used up the sender sends the message to deliveries-dlq itself and acknowledges it; the queue's
 * maxReceiveCount ({@code QueueSpec.DELIVERIES_MAX_RECEIVES}) is only a safety net for a message
 * the sender keeps failing on. Why this holds under at-least-once delivery and crashes:
 * <ul>
 *   <li>The DLQ copy is sent before the record is marked DEAD or SKIPPED. A crash between the two
 *       leaves a non-final record, so the message comes back and is handled again (at worst a second
 *       DLQ copy, which a redrive recognises as a duplicate by its dead-letter id). A final record
 *       therefore always has its copy in the DLQ, which is why a final record lets the sender drop
 *       any other copy of the message as a duplicate.</li>
 *   <li>A crash between the HTTP attempt and its record write loses the count of that one attempt
 *       (the endpoint may see it twice: at least once, as with any webhook).</li>
 *   <li>A crash after the record says RETRYING but before the visibility change brings the message
 *       back after the queue's visibility timeout; the record's {@code nextAttemptAt} is in the
 *       future, so it is deferred again without a request. The same guards a duplicate copy.</li>
 *   <li>Two copies handled at once may both attempt and both count: the budget can be overrun by the
 *       number of duplicates, never cut short.</li>
 * </ul>
 */
public final class Deliverer {
    /** Message attribute on messages this sender puts in the DLQ itself: why. */
    public static final String DLQ_REASON_ATTRIBUTE = "hooklineReason";

    /**
     * SQS allows a message at most 12 hours of visibility from the receive that holds it, and refuses
     * (rather than shortens) a ChangeMessageVisibility beyond what is left
     * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html).
     * The receive happened before the batch reached us; Lambda's event source mapping invokes within
     * the queue's visibility timeout of it (else the messages are back on the queue), so that timeout
     * (6 x the sender's) bounds how much of the 12 hours was gone when the batch started.
     */
    public static final Duration RECEIPT_MARGIN = QueueSpec.SENDER_TIMEOUT.multipliedBy(6);
    /** Visibility is whole seconds: a message back this close to its due time is due. */
    static final Duration DUE_TOLERANCE = Duration.ofSeconds(1);
    /**
     * The longest a circuit-open deferral waits. Deferrals grow with the message's receives (so a
     * crowd of deliveries to a dead endpoint does not wake every few minutes for days), but at most
     * this long, so deliveries resume within the hour once the endpoint recovers; at most ~24
     * receives a day keeps even the longest wait (DISABLE_AFTER_HOURS) far below the safety net.
     */
    static final Duration MAX_DEFERRAL = Duration.ofHours(1);

    private final SenderSettings settings;
    private final DeliveryLog records;
    private final EndpointCache endpoints;
    private final EndpointHealth health;
    private final SqsClient sqs;
    private final HttpSender http;
    private final Supplier<SigningKey> signingKey;
    private final Backoff backoff;
    private final Clock clock;
    private final JsonLog log;
    private final Metrics metrics;

    public Deliverer(SenderSettings settings, DeliveryLog records, EndpointCache endpoints,
                     EndpointHealth health, SqsClient sqs, HttpSender http,
                     Supplier<SigningKey> signingKey, Backoff backoff, Clock clock, JsonLog log, Metrics metrics) {
        this.settings = settings;
        this.records = records;
        this.endpoints = endpoints;
        this.health = health;
        this.sqs = sqs;
        this.http = http;
        this.signingKey = signingKey;
        this.backoff = backoff;
        this.clock = clock;
        this.log = log;
        this.metrics = metrics;
    }

    /**
     * @param receivedBy when the batch holding this record started: the receive was at most
     *                   {@link #RECEIPT_MARGIN} before it
     */
    public boolean deliver(SQSEvent.SQSMessage record, Instant receivedBy) {
        int receives = receiveCount(record);
        DeliveryMessage message;
        try {
            message = DeliveryMessage.fromJson(record.getBody());
        } catch (IllegalArgumentException e) {
            // It can never be delivered; park it where an operator sees it instead of retrying it for days.
            log.error("malformed delivery message").with("sqsMessageId", record.getMessageId())
                    .with("error", e.getMessage()).emit();
            metrics.count("deliveryDead");
            return toDlq(record, record.getBody(), "malformed: " + e.getMessage());
        }
        Optional<DeliveryLog.State> state = records.state(message.deliveryId());
        if (state.isPresent() && state.get().isFinal()) {
            // Only the copy this sender dead-lettered, redriven, runs again; any other copy is a duplicate.
            String redriven = DeliveryMessage.deadLetterId(record.getBody());
            if (redriven == null || !redriven.equals(state.get().deadLetterId())
                    || !records.reopen(message.deliveryId(), redriven)) {
                line("duplicate ignored", message, state.get().runAttempts())
                        .with("status", state.get().status().name()).emit();
                metrics.count("deliveryDuplicate");
                return true;
            }
            line("delivery redriven", message, 0).with("previousStatus", state.get().status().name()).emit();
            metrics.count("deliveryRedriven");
            state = records.state(message.deliveryId());
        }
        Instant now = clock.instant();
        int attempt = state.map(DeliveryLog.State::runAttempts).orElse(0) + 1;
        Instant due = state.map(DeliveryLog.State::nextAttemptAt).orElse(null);
        if (due != null && due.isAfter(now.plus(DUE_TOLERANCE))) {
            return notDueYet(record, message, due, attempt, receives, receivedBy);
        }
        Optional<Endpoint> found = endpoints.get(message.endpointId());
        if (found.isEmpty()) {
            boolean parked = deadLetter(record, message, new Attempt(now, null, 0, "endpoint not found", null),
                    false, DeliveryStatus.DEAD, "endpoint not found");
            if (parked) {
                finish("dead", message, attempt).with("error", "endpoint not found").emit();
                metrics.count("deliveryDead");
            }
            return parked;
        }
        Endpoint endpoint = found.get();
        if (endpoint.paused()) {
            // Held by its owner: kept on the queue, no request, no attempt used; sent on resume.
            return deferPaused(record, message, attempt, receives, now, receivedBy);
        }
        if (!endpoint.active()) {
            // Kept, not dropped: the payload waits in deliveries-dlq (14 days) for a redrive once the
            // endpoint is enabled. The DLQ, not the table, because a payload may be up to 1 MiB and a
            // DynamoDB item at most 400 KB.
            String reason = "endpoint disabled: " + endpoint.disabledReason();
            boolean parked = deadLetter(record, message, new Attempt(now, null, 0, reason, null), false,
                    DeliveryStatus.SKIPPED, reason);
            if (parked) {
                finish("skipped", message, attempt).with("reason", endpoint.disabledReason()).emit();
                metrics.count("deliverySkipped");
            }
            return parked;
        }
        if (endpoint.circuitOpenUntil() != null) {
            if (endpoint.circuitOpenUntil().isAfter(now)) {
                return defer(record, message, endpoint, attempt, receives, now, receivedBy);
            }
            Optional<Endpoint> probe = health.claimProbe(endpoint);
            if (probe.isEmpty()) {
                Endpoint current = endpoints.fresh(endpoint.id()).orElse(endpoint);
                if (current.circuitOpenUntil() != null && current.circuitOpenUntil().isAfter(now)) {
                    return defer(record, message, current, attempt, receives, now, receivedBy);
                }
                endpoint = current;
            } else {
                endpoint = probe.get();
                endpoints.put(endpoint);
                line("circuit probe", message, attempt).emit();
            }
        }
        return send(record, message, endpoint, attempt, receivedBy);
    }

    private boolean send(SQSEvent.SQSMessage record, DeliveryMessage message, Endpoint endpoint, int attempt,
                         Instant receivedBy) {
        Instant at = clock.instant();
        HttpResult result = post(message, endpoint, at);
        metrics.timing("deliveryLatency", result.durationMs());
        Integer code = result.hasResponse() ? result.statusCode() : null;
        int status = result.statusCode();
        Attempt.Request sent = sentRequest(message, endpoint, at);

        if (result.hasResponse() && status >= 200 && status < 300) {
            Attempt entry = new Attempt(at, code, result.durationMs(), null, result.responseBody(), sent);
            records.record(message, entry, true, DeliveryStatus.SUCCEEDED, null, null);
            // Only a copy that was written goes back in the cache: putting back the copy we read would
            // keep a busy sender from ever re-reading the endpoint.
            health.recordSuccess(endpoint).ifPresent(endpoints::put);
            finish("succeeded", message, attempt).with("statusCode", status)
                    .with("latencyMs", result.durationMs()).emit();
            metrics.count("deliverySucceeded");
            metrics.timing("endToEndLatency", Duration.between(message.eventReceivedAt(), clock.instant()).toMillis());
            return true;
        }
        boolean gone = result.hasResponse() && status == 410;
        if (result.blocked() || (result.hasResponse() && isPermanent(status) && !gone)) {
            String error = result.blocked() ? result.error() : "permanent failure: HTTP " + status;
            boolean parked = deadLetter(record, message, new Attempt(at, code, result.durationMs(), error,
                    result.responseBody(), sent), true, DeliveryStatus.DEAD, error);
            if (parked) {
                finish("dead", message, attempt).with("statusCode", code).with("error", error).emit();
                metrics.count("deliveryDead");
            }
            return parked;
        }
        // Retryable: no response (network error, timeout), 3xx (redirects are never followed), 5xx, 408,
        // 425, 429, and 410 until the endpoint has answered nothing else for an hour.
        String error = result.hasResponse() ? "HTTP " + status : result.error();
        EndpointHealth.Outcome outcome = health.recordFailure(endpoint, gone);
        endpoints.put(outcome.endpoint());
        if (outcome.disabledReason() != null) {
            endpointDisabled(outcome.endpoint(), outcome.disabledReason(), message);
        }
        metrics.count("deliveryFailed");
        String ending = gone && "gone".equals(outcome.disabledReason()) ? "410 Gone: endpoint disabled"
                : attempt >= settings.maxAttempts() ? error + "; attempts exhausted" : null;
        if (ending != null) {
            boolean parked = deadLetter(record, message, new Attempt(at, code, result.durationMs(), ending,
                    result.responseBody(), sent), true, DeliveryStatus.DEAD, ending);
            if (parked) {
                finish("dead", message, attempt).with("statusCode", code).with("error", ending)
                        .with("exhausted", ending.endsWith("attempts exhausted")).emit();
                metrics.count("deliveryDead");
            }
            return parked;
        }
        Duration wait = Backoff.retryAfter(result.retryAfter(), clock.instant()).orElseGet(() -> backoff.after(attempt));
        Instant next = clock.instant().plus(wait);
        records.record(message, new Attempt(at, code, result.durationMs(), error, result.responseBody(), sent), true,
                DeliveryStatus.RETRYING, next, null);
        Duration visible = withinReceipt(wait, receivedBy);
        changeVisibility(record, message, visible);
        finish("retry", message, attempt).with("statusCode", code).with("error", error)
                .with("retryInSeconds", Backoff.visibilitySeconds(visible))
                .with("nextAttemptAt", next.toString()).emit();
        return false;
    }

    /**
     * The request as the delivery log keeps it: the URL without user info and with query values
     * replaced (either may carry a token), and the headers hookline sets except the signature.
     */
    private static Attempt.Request sentRequest(DeliveryMessage message, Endpoint endpoint, Instant at) {
        String url;
        try {
            URI uri = URI.create(endpoint.url());
            String query = uri.getRawQuery() == null ? "" : "?" + java.util.Arrays.stream(uri.getRawQuery().split("&"))
                    .map(pair -> pair.contains("=") ? pair.substring(0, pair.indexOf('=')) + "=redacted" : pair)
                    .collect(java.util.stream.Collectors.joining("&"));
            url = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + (uri.getRawPath() == null ? "" : uri.getRawPath()) + query;
        } catch (IllegalArgumentException e) {
            url = "(not a valid URL)";
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put(StandardWebhooks.ID_HEADER, message.messageId());
        headers.put(StandardWebhooks.TIMESTAMP_HEADER, Long.toString(at.getEpochSecond()));
        return new Attempt.Request(url, headers);
    }

    /** Signs and POSTs (core's {@link SignedPost}, shared with the API's test route). */
    private HttpResult post(DeliveryMessage message, Endpoint endpoint, Instant at) {
        return SignedPost.post(http, endpoint, message.messageId(), message.payload(), signingKey.get(),
                settings.secretGrace(), at);
    }

    /**
     * The circuit is open: wait without a request and without using the attempt budget. The wait is
     * the later of the probe time and a step that grows with this message's receives, capped at
     * {@link #MAX_DEFERRAL}.
     */
    private boolean defer(SQSEvent.SQSMessage record, DeliveryMessage message, Endpoint endpoint, int attempt,
                          int receives, Instant now, Instant receivedBy) {
        metrics.count("deliveryDeferred");
        Duration untilProbe = Duration.between(now, endpoint.circuitOpenUntil());
        Duration step = backoff.after(receives);
        step = step.compareTo(MAX_DEFERRAL) > 0 ? MAX_DEFERRAL : step;
        Duration wait = untilProbe.compareTo(step) > 0 ? untilProbe : step;
        records.record(message, new Attempt(now, null, 0, "circuit open: deferred without a request", null), false,
                DeliveryStatus.RETRYING, now.plus(wait), null);
        Duration visible = withinReceipt(wait, receivedBy);
        changeVisibility(record, message, visible);
        finish("deferred", message, attempt).with("receives", receives)
                .with("retryInSeconds", Backoff.visibilitySeconds(visible)).emit();
        return false;
    }

    /**
     * The endpoint is paused: wait as during an open circuit (a step growing with the receives, up to
     * {@link #MAX_DEFERRAL}), without a request and without using the attempt budget. After a resume
     * a message waits out at most its current step; the cache's ttl adds at most that much.
     */
    private boolean deferPaused(SQSEvent.SQSMessage record, DeliveryMessage message, int attempt, int receives,
                                Instant now, Instant receivedBy) {
        metrics.count("deliveryDeferred");
        Duration step = backoff.after(receives);
        Duration wait = step.compareTo(MAX_DEFERRAL) > 0 ? MAX_DEFERRAL : step;
        records.record(message, new Attempt(now, null, 0, "endpoint paused: deferred without a request", null), false,
                DeliveryStatus.RETRYING, now.plus(wait), null);
        Duration visible = withinReceipt(wait, receivedBy);
        changeVisibility(record, message, visible);
        finish("deferred", message, attempt).with("reason", "paused").with("receives", receives)
                .with("retryInSeconds", Backoff.visibilitySeconds(visible)).emit();
        return false;
    }

    /**
     * Back before its next attempt is due: the last wait was longer than one receipt allows, a crash
     * came between the record and the visibility change, or this is a duplicate copy. Waits again for
     * the rest, without a request, an attempt or a write.
     */
    private boolean notDueYet(SQSEvent.SQSMessage record, DeliveryMessage message, Instant due, int attempt,
                              int receives, Instant receivedBy) {
        Duration visible = withinReceipt(Duration.between(clock.instant(), due), receivedBy);
        changeVisibility(record, message, visible);
        finish("waiting", message, attempt).with("receives", receives)
                .with("retryInSeconds", Backoff.visibilitySeconds(visible))
                .with("nextAttemptAt", due.toString()).emit();
        return false;
    }

    /** {@code wait}, or what is left of this receipt's 12 hours if that is less (the message then comes back early). */
    Duration withinReceipt(Duration wait, Instant receivedBy) {
        Duration left = Backoff.MAX_VISIBILITY.minus(Duration.between(receivedBy, clock.instant()))
                .minus(RECEIPT_MARGIN);
        if (left.isNegative()) {
            left = Duration.ZERO;
        }
        return wait.compareTo(left) > 0 ? left : Backoff.clamp(wait);
    }

    private void endpointDisabled(Endpoint endpoint, String reason, DeliveryMessage message) {
        log.warn("endpoint disabled").with("endpointId", endpoint.id()).with("reason", reason)
                .with("deliveryId", message.deliveryId()).emit();
        metrics.count("endpointDisabled");
    }

    /**
     * Ends a delivery DEAD or SKIPPED with its message kept: the copy goes to deliveries-dlq first, with a
     * new dead-letter id in its body that the record then names, so that copy (and only it) reopens the
     * delivery when redriven. False if the DLQ send failed: the record is left as it was and the message
     * comes back.
     */
    private boolean deadLetter(SQSEvent.SQSMessage record, DeliveryMessage message, Attempt entry, boolean httpAttempt,
                               DeliveryStatus status, String reason) {
        String deadLetterId = UUID.randomUUID().toString();
        if (!toDlq(record, DeliveryMessage.withDeadLetterId(record.getBody(), deadLetterId), reason)) {
            return false;
        }
        records.record(message, entry, httpAttempt, status, null, deadLetterId);
        return true;
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

    /** Sends {@code body} to the DLQ; false if that failed (then the record is reported failed, nothing lost). */
    private boolean toDlq(SQSEvent.SQSMessage record, String body, String reason) {
        try {
            sqs.sendMessage(b -> b.queueUrl(settings.dlqUrl()).messageBody(body)
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
