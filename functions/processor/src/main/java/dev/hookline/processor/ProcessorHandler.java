package dev.hookline.processor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.core.aws.AwsClients;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.Settings;
import dev.hookline.core.endpoints.EndpointCache;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.events.EventPayloads;
import dev.hookline.core.events.InboundMessage;
import dev.hookline.core.log.JsonLog;
import dev.hookline.core.metrics.Metrics;
import dev.hookline.processor.internal.DeliveryBatches;
import dev.hookline.processor.internal.EventProcessor;
import dev.hookline.core.deliveries.DeliveryLog;
import dev.hookline.core.events.EventStore;
import dev.hookline.processor.internal.FanOut;
import dev.hookline.processor.internal.FanOutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda on the inbound queue (ESM with ReportBatchItemFailures): routes each event to the
 * in-process {@link EventHandler}s registered for its type and fans it out to the subscribed
 * endpoints. Each record succeeds or fails alone; failed records are retried by SQS and end in
 * {@code inbound-dlq} after the queue's maxReceiveCount.
 */
public final class ProcessorHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    static final String FUNCTION = "processor";
    /** Below this much time left, records are handed back instead of started (a timeout would fail them all). */
    private static final long MIN_REMAINING_MILLIS = 2_000;

    private final EventProcessor processor;
    private final JsonLog log;
    private final Metrics metrics;
    private final Clock clock;

    /** Built once per Lambda container, on first use (static init of the holder). */
    private static final class Holder {
        static final ProcessorHandler INSTANCE = fromEnvironment(Settings.fromEnvironment());
    }

    /** The Lambda runtime's constructor. */
    public ProcessorHandler() {
        this(Holder.INSTANCE);
    }

    private ProcessorHandler(ProcessorHandler built) {
        this.processor = built.processor;
        this.log = built.log;
        this.metrics = built.metrics;
        this.clock = built.clock;
    }

    public ProcessorHandler(ProcessorTargets targets, DynamoDbClient dynamo, SqsClient sqs, EndpointCache endpoints,
                            EventHandlers handlers, JsonLog log, Metrics metrics, Clock clock) {
        this.processor = new EventProcessor(
                new EventStore(dynamo, targets.eventsTable(), targets.dedupeWindow(), clock),
                endpoints, handlers,
                new FanOut(new DeliveryLog(dynamo, targets.deliveriesTable(), clock), sqs,
                        targets.deliveriesQueueUrl(), DeliveryBatches.SQS_MAX_BYTES, log),
                new EventPayloads(dynamo, targets.eventsTable()));
        this.log = log;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Everything from the environment (template.yaml's variables), with the handlers of {@link RegisteredHandlers}. */
    public static ProcessorHandler fromEnvironment(Settings settings) {
        AwsClients clients = AwsClients.fromEnvironment(settings);
        DynamoDbClient dynamo = clients.dynamoDb();
        SqsClient sqs = clients.sqs();
        Clock clock = Clock.systemUTC();
        JsonLog log = JsonLog.stdout(FUNCTION, settings.debug());
        EndpointRegistry registry = new EndpointRegistry(dynamo, settings.required(EnvVars.ENDPOINTS_TABLE),
                new EndpointUrlPolicy(settings.flag(EnvVars.ALLOW_HTTP_ENDPOINTS)), clock);
        EndpointCache cache = new EndpointCache(registry, settings.endpointCache(), clock);
        return new ProcessorHandler(ProcessorTargets.fromSettings(settings), dynamo, sqs, cache,
                RegisteredHandlers.create(settings, log), log, Metrics.stdout(FUNCTION), clock);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        try {
            for (SQSEvent.SQSMessage record : records) {
                if (context != null && context.getRemainingTimeInMillis() < MIN_REMAINING_MILLIS) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                    metrics.count("deferred");
                    continue;
                }
                if (!handle(record)) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                }
            }
        } finally {
            metrics.flush();
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** Returns whether the record succeeded; logs one line for it either way. */
    private boolean handle(SQSEvent.SQSMessage record) {
        long started = clock.millis();
        InboundMessage message;
        try {
            message = InboundMessage.fromJson(record.getBody());
        } catch (IllegalArgumentException e) {
            // The reason names the field; the body is never logged (it may hold personal data).
            log.error("malformed inbound message")
                    .with("sqsMessageId", record.getMessageId())
                    .with("outcome", "malformed")
                    .with("error", e.getMessage())
                    .with("receiveCount", receiveCount(record))
                    .emit();
            metrics.count("malformed");
            return false;
        }
        try {
            EventProcessor.Outcome outcome = processor.process(message);
            long now = clock.millis();
            JsonLog.Line line = log.info("event " + outcome.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .with("sqsMessageId", record.getMessageId())
                    .with("source", message.source())
                    .with("eventKey", message.eventKey())
                    .with("type", message.type())
                    .with("outcome", outcome.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .with("latencyMs", now - started);
            switch (outcome.kind()) {
                case DUPLICATE -> metrics.count("duplicates");
                case UNROUTED -> {
                    metrics.count("unrouted");
                    metrics.count("processed");
                    metrics.timing("endToEndLatency", now - message.receivedAt().toEpochMilli());
                }
                case PROCESSED -> {
                    metrics.count("processed");
                    metrics.count("fanOut", outcome.enqueued());
                    metrics.count("handlersRun", outcome.handlersRun());
                    metrics.timing("endToEndLatency", now - message.receivedAt().toEpochMilli());
                    line.with("handlers", outcome.handlersRun())
                            .with("subscribers", outcome.subscribers())
                            .with("enqueued", outcome.enqueued())
                            .with("alreadyEnqueued", outcome.already())
                            .with("endToEndMs", now - message.receivedAt().toEpochMilli());
                }
            }
            line.emit();
            return true;
        } catch (RuntimeException e) {
            JsonLog.Line line = log.error("event failed")
                    .with("sqsMessageId", record.getMessageId())
                    .with("source", message.source())
                    .with("eventKey", message.eventKey())
                    .with("type", message.type())
                    .with("outcome", "failed")
                    .with("receiveCount", receiveCount(record))
                    .with("latencyMs", clock.millis() - started);
            if (e instanceof EventProcessor.HandlerFailedException h) {
                line.with("handler", h.handler()).with("error", describe(h.getCause()));
                metrics.count("handlerFailures");
            } else if (e instanceof FanOutException f) {
                line.with("error", f.getMessage());
                metrics.count("fanOutFailures");
            } else {
                line.with("error", describe(e));
            }
            line.emit();
            metrics.count("failed");
            return false;
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        message = message.length() > 300 ? message.substring(0, 300) + "..." : message;
        return e.getClass().getSimpleName() + ": " + message;
    }

    private static String receiveCount(SQSEvent.SQSMessage record) {
        return record.getAttributes() == null ? null : record.getAttributes().get("ApproximateReceiveCount");
    }
}
