package dev.hookline.receiver;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hookline.core.aws.AwsClients;
import dev.hookline.core.config.ConfigSource;
import dev.hookline.core.config.ConfigSources;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.HooklineConfig;
import dev.hookline.core.config.Scheme;
import dev.hookline.core.config.Settings;
import dev.hookline.core.config.SourceConfig;
import dev.hookline.core.crypto.Hmac;
import dev.hookline.core.events.EventKey;
import dev.hookline.core.events.InboundMessage;
import dev.hookline.core.log.JsonLog;
import dev.hookline.core.metrics.Metrics;
import dev.hookline.core.events.EventClaims;
import dev.hookline.core.intake.EventIntake;
import dev.hookline.core.intake.InboundQueue;
import dev.hookline.core.intake.IntakeResult;
import dev.hookline.receiver.internal.ForwardedHeaders;
import dev.hookline.receiver.internal.Responses;
import dev.hookline.receiver.internal.Routes;
import dev.hookline.receiver.verify.SignatureVerifier;
import dev.hookline.receiver.verify.Verification;
import dev.hookline.receiver.verify.WebhookRequest;
import dev.hookline.receiver.verify.internal.GenericHmacVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code POST /webhooks/{source}} behind an API Gateway HTTP API (payload 2.0): verify the
 * signature, hand the event to core's {@link EventIntake} (claim, enqueue, mark), and answer as
 * DESIGN §2's table says. Every request writes one log line and one EMF metrics line.
 */
public final class ReceiverHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>,
        Resource {
    static final String FUNCTION = "receiver";
    /** Marks a body known to be over the limit without materialising it. */
    private static final byte[] TOO_LARGE = new byte[0];
    private static final int MAX_CACHED_VERIFIERS = 256;
    /** How much of a refused request's body a debug line shows. */
    private static final int DEBUG_BODY_BYTES = 2048;

    private final ConfigSource config;
    private final EventIntake intake;
    private final Clock clock;
    private final ReceiverOptions options;
    private final JsonLog log;
    private final Metrics metrics;
    /** Verifiers keep decoded keys; rebuilt only when a source's config changes (a refresh, a rotation). */
    private final Map<SourceConfig, SignatureVerifier> verifiers = new ConcurrentHashMap<>();

    /**
     * Lambda's constructor: everything comes from the environment, built once per process. With
     * SnapStart, {@link #beforeCheckpoint} primes the clients before the snapshot is taken.
     */
    public ReceiverHandler() {
        this(Environment.CONFIG, Environment.DYNAMO_DB, Environment.SQS, Environment.EVENTS_TABLE,
                Environment.QUEUE_URL, Environment.CLOCK, Environment.OPTIONS, Environment.LOG, Environment.METRICS);
        // The runtime holds the handler, and the handler is the resource, so it stays registered.
        Core.getGlobalContext().register(this);
    }

    public ReceiverHandler(ConfigSource config, DynamoDbClient dynamoDb, SqsClient sqs, String eventsTable,
                           String inboundQueueUrl, Clock clock, ReceiverOptions options, JsonLog log,
                           Metrics metrics) {
        this.config = config;
        this.intake = new EventIntake(
                new EventClaims(dynamoDb, eventsTable, clock, options.claimLease(), options.dedupeWindow()),
                new InboundQueue(sqs, inboundQueueUrl), clock);
        this.clock = clock;
        this.options = options;
        this.log = log;
        this.metrics = metrics;
    }

    /** Static init, so SDK clients and config are built once per container (and before a SnapStart snapshot). */
    private static final class Environment {
        static final Settings SETTINGS = Settings.fromEnvironment();
        static final AwsClients CLIENTS = AwsClients.fromEnvironment(SETTINGS);
        static final Clock CLOCK = Clock.systemUTC();
        static final JsonLog LOG = JsonLog.stdout(FUNCTION, SETTINGS.debug());
        static final Metrics METRICS = Metrics.stdout(FUNCTION);
        static final ConfigSource CONFIG = ConfigSources.fromEnvironment(SETTINGS, CLIENTS, CLOCK, LOG);
        static final DynamoDbClient DYNAMO_DB = CLIENTS.dynamoDb();
        static final SqsClient SQS = CLIENTS.sqs();
        static final String EVENTS_TABLE = SETTINGS.required(EnvVars.EVENTS_TABLE);
        static final String QUEUE_URL = SETTINGS.required(EnvVars.INBOUND_QUEUE_URL);
        static final ReceiverOptions OPTIONS = ReceiverOptions.from(SETTINGS);
    }

    /**
     * Work a first request would otherwise pay for, done once: load the configuration, make one
     * read-only DynamoDB and SQS call, build every source's verifier and run an HMAC. Nothing is
     * written and no failure propagates: priming is an optimisation, never a reason not to start.
     */
    public void prime() {
        try {
            HooklineConfig current = config.current();
            current.sources().values().forEach(source -> verifier(source)
                    .verify(WebhookRequest.of(Map.of(), new byte[0])));
            intake.prime();
            Hmac.sha256(new byte[32], new byte[0]);
            Responses.status(202, "accepted", "priming").getBody();
            log.info("primed").emit();
        } catch (RuntimeException e) {
            log.warn("priming failed; the first request will warm up instead")
                    .with("error", e.getClass().getSimpleName()).emit();
        }
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to redo: the SDK clients reconnect on their own; the container-credentials
        // provider (SnapStart's credentials, see AwsClients.lambdaCredentials) refetches what it
        // cached before the snapshot once that is near its expiry; and the config source refreshes
        // by age, so a snapshot restored hours later fetches the current sources on first use.
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long started = System.nanoTime();
        Outcome outcome = new Outcome();
        APIGatewayV2HTTPResponse response;
        try {
            response = handle(event, outcome);
        } catch (RuntimeException e) {
            // A bug, not a provider error: 500 with nothing of the exception in the body.
            outcome.set("error", "unexpected " + e.getClass().getSimpleName());
            metrics.count("receiverErrors");
            response = Responses.error(500, "internal error");
        }
        double latencyMs = (System.nanoTime() - started) / 1_000_000.0;
        metrics.timing("receiveLatency", latencyMs);
        // 503s are the provider's cue to retry (a busy claim, a DynamoDB or SQS failure): warnings.
        // A 500 is a bug.
        int status = response.getStatusCode();
        JsonLog.Line line = status == 503 ? log.warn("webhook") : status >= 500 ? log.error("webhook")
                : log.info("webhook");
        line.with("source", outcome.source)
                .with("eventKey", outcome.eventKey)
                .with("type", outcome.type)
                .with("outcome", outcome.outcome)
                .with("status", status)
                .with("reason", outcome.reason)
                .with("signature", outcome.signature)
                .with("body", outcome.body)
                .with("latencyMs", Math.round(latencyMs * 10) / 10.0)
                .with("requestId", context == null ? null : context.getAwsRequestId())
                .emit();
        metrics.flush();
        return response;
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Outcome outcome) {
        String method = event.getRequestContext() == null || event.getRequestContext().getHttp() == null
                ? null : event.getRequestContext().getHttp().getMethod();
        if (!"POST".equalsIgnoreCase(method)) {
            outcome.set("methodNotAllowed", method);
            return Responses.methodNotAllowed();
        }
        String sourceName = Routes.source(event.getPathParameters(), event.getRawPath());
        if (sourceName == null) {
            outcome.set("notFound", "no route");
            return Responses.error(404, "not found");
        }
        outcome.source = sourceName;
        HooklineConfig current;
        try {
            current = config.current();
        } catch (RuntimeException e) {
            outcome.set("configUnavailable", e.getClass().getSimpleName());
            metrics.count("configFailures");
            return Responses.error(503, "temporarily unavailable");
        }
        SourceConfig source = current.source(sourceName).orElse(null);
        if (source == null) {
            outcome.set("unknownSource", null);
            metrics.count("unknownSource");
            return Responses.error(404, "unknown source");
        }
        byte[] body = rawBody(event);
        if (body == null) {
            outcome.set("badRequest", "body is not valid base64");
            return Responses.error(400, "body is not valid base64");
        }
        if (body == TOO_LARGE || body.length > options.maxBodyBytes()) {
            outcome.set("tooLarge", body == TOO_LARGE ? "over the limit" : body.length + " bytes");
            metrics.count("tooLarge");
            return Responses.error(413, "body too large");
        }
        WebhookRequest request = WebhookRequest.of(event.getHeaders(), body);
        Verification verification = verifier(source).verify(request);
        switch (verification.outcome()) {
            case REJECTED -> {
                outcome.set("signatureFailure", verification.reason());
                debugDetails(request, outcome);
                metrics.count("signatureFailures");
                return Responses.error(401, "invalid signature");
            }
            case INVALID -> {
                // The reason goes to the log line only: DESIGN §2 answers "never internal details".
                outcome.set("badRequest", verification.reason());
                debugDetails(request, outcome);
                metrics.count("badRequests");
                return Responses.error(400, "bad request");
            }
            case CHALLENGE -> {
                outcome.set("challenge", null);
                return Responses.challenge(verification.challenge());
            }
            default -> {
                return accept(source, request, verification, outcome);
            }
        }
    }

    /**
     * With HOOKLINE_DEBUG on, a refused request's line carries what it takes to debug a signature
     * mismatch: the signature header(s) and the start of the body (JsonLog.DEBUG_FIELDS). Never
     * built otherwise: those fields would be redacted anyway.
     */
    private void debugDetails(WebhookRequest request, Outcome outcome) {
        if (!log.debug()) {
            return;
        }
        StringBuilder signatures = new StringBuilder();
        request.headers().forEach((name, value) -> {
            if (name.contains("signature") || name.contains("hmac")) {
                signatures.append(signatures.isEmpty() ? "" : "; ").append(name).append(": ").append(value);
            }
        });
        outcome.signature = signatures.isEmpty() ? null : signatures.toString();
        byte[] body = request.body();
        String text = new String(body, 0, Math.min(body.length, DEBUG_BODY_BYTES), StandardCharsets.UTF_8);
        outcome.body = body.length > DEBUG_BODY_BYTES ? text + "... (" + body.length + " bytes)" : text;
    }

    private SignatureVerifier verifier(SourceConfig source) {
        if (verifiers.size() > MAX_CACHED_VERIFIERS) {
            // Each config refresh that changes a source adds an entry: drop the old ones now and then.
            verifiers.clear();
        }
        return verifiers.computeIfAbsent(source, s -> SignatureVerifier.forSource(s, clock));
    }

    /** The raw body bytes, API Gateway's base64 undone; null if that base64 is invalid, TOO_LARGE if clearly over. */
    private byte[] rawBody(APIGatewayV2HTTPEvent event) {
        String text = event.getBody();
        if (text == null) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            if (text.length() / 4 * 3 > options.maxBodyBytes() + 3) {
                // Too large whatever it decodes to: refused without decoding it.
                return TOO_LARGE;
            }
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        if (text.length() > options.maxBodyBytes()) {
            // More chars than the limit means more UTF-8 bytes too: no need to encode it.
            return TOO_LARGE;
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private APIGatewayV2HTTPResponse accept(SourceConfig source, WebhookRequest request, Verification verified,
                                            Outcome outcome) {
        String eventId = verified.eventId();
        outcome.eventKey = EventKey.of(source.name(), eventId);
        outcome.type = verified.type();
        Instant receivedAt = clock.instant();
        String idHeader = source.scheme() == Scheme.HMAC
                ? source.header("id", GenericHmacVerifier.DEFAULT_ID_HEADER) : null;
        InboundMessage message = new InboundMessage(source.name(), eventId, verified.type(), receivedAt,
                request.body(), ForwardedHeaders.of(request, idHeader), source.tenant());
        IntakeResult result = intake.accept(message);
        switch (result) {
            case IntakeResult.TooLarge tooLarge -> {
                // EventIntake checks this before the claim: a 503 would have the provider retry into the same wall.
                outcome.set("tooLarge", "over SQS's message limit once queued");
                metrics.count("tooLarge");
                return Responses.error(413, "body too large", eventId);
            }
            case IntakeResult.Duplicate duplicate -> {
                outcome.set("duplicate", null);
                metrics.count("duplicates");
                return Responses.status(200, "duplicate", eventId);
            }
            case IntakeResult.Conflict conflict -> {
                outcome.set("conflict", "same event id, different body");
                metrics.count("conflicts");
                log.security("event id replayed with a different body")
                        .with("source", source.name())
                        .with("eventKey", outcome.eventKey)
                        .emit();
                return Responses.error(409, "event id already used for a different body", eventId);
            }
            case IntakeResult.InFlight inFlight -> {
                outcome.set("inFlight", null);
                metrics.count("inFlight");
                return Responses.retryLater("event is being accepted by another request", eventId,
                        inFlight.retryAfter());
            }
            case IntakeResult.Unavailable failed when failed.stage() == IntakeResult.Stage.CLAIM -> {
                outcome.set("claimFailed", failed.error());
                metrics.count("claimFailures");
                return Responses.error(503, "temporarily unavailable", eventId);
            }
            case IntakeResult.Unavailable failed -> {
                outcome.set("enqueueFailed", failed.error());
                metrics.count("enqueueFailures");
                if (failed.ambiguous()) {
                    outcome.reason += "; SQS may have the message, claim kept until its lease ends";
                    metrics.count("ambiguousEnqueues");
                    return Responses.retryLater("temporarily unavailable", eventId, failed.retryAfter());
                }
                if (failed.note() != null) {
                    outcome.reason += "; " + failed.note();
                }
                return Responses.error(503, "temporarily unavailable", eventId);
            }
            case IntakeResult.Accepted accepted -> {
                outcome.set("accepted", accepted.note());
                metrics.count("accepted");
                if (accepted.markFailed()) {
                    metrics.count("markEnqueuedFailures");
                }
                return Responses.status(202, "accepted", eventId);
            }
        }
    }

    /** What the request's log line says. */
    private static final class Outcome {
        String source;
        String eventKey;
        String type;
        String outcome;
        String reason;
        /** Debug only (HOOKLINE_DEBUG): a refused request's signature headers and body start. */
        String signature;
        String body;

        void set(String outcome, String reason) {
            this.outcome = outcome;
            this.reason = reason;
        }
    }
}
