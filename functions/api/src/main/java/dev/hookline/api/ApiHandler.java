package dev.hookline.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hookline.api.auth.AdminBootstrap;
import dev.hookline.api.auth.Authenticator;
import dev.hookline.api.http.Problem;
import dev.hookline.api.v1.endpoints.EndpointServices;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.outbound.http.GuardedHttpClient;
import dev.hookline.core.outbound.ssrf.SsrfGuard;
import dev.hookline.core.signing.SigningKey;
import dev.hookline.api.http.Request;
import dev.hookline.api.http.Response;
import dev.hookline.api.v1.deliveries.DeliveriesApi;
import dev.hookline.api.v1.deliveries.DeliveryPayloads;
import dev.hookline.api.v1.deliveries.EndpointTenants;
import dev.hookline.core.aws.AwsClients;
import dev.hookline.core.deliveries.DeliveryLog;
import dev.hookline.core.dlq.DeadLetterQueues;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.Settings;
import dev.hookline.core.events.EventClaims;
import dev.hookline.api.v1.events.EventServices;
import dev.hookline.core.deliveries.DeliveryLog;
import dev.hookline.core.events.EventPayloads;
import dev.hookline.core.events.EventReplay;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.core.intake.EventIntake;
import dev.hookline.core.intake.InboundQueue;
import dev.hookline.core.keys.ApiKeys;
import dev.hookline.core.log.JsonLog;
import dev.hookline.core.tenants.Tenants;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code ANY /v1/{proxy+}} behind an API Gateway HTTP API (payload 2.0), and the same handler in
 * the local runtime. One JSON log line per request: method, route template, status, latency and
 * the calling key's public id; never the key itself, a body or a header.
 */
public final class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String FUNCTION = "api";

    private final ApiRoutes routes;
    private final JsonLog log;
    private final Clock clock;

    /** Lambda's constructor: everything from the environment, built once per container. */
    public ApiHandler() {
        this(new ApiServices(Environment.KEYS, Environment.TENANTS, Environment.ENDPOINTS, Environment.EVENTS,
                Environment.DELIVERIES, Environment.DLQS), Environment.BOOTSTRAP, Environment.LOG, Environment.CLOCK);
    }

    public ApiHandler(ApiServices services, AdminBootstrap bootstrap, JsonLog log, Clock clock) {
        this.routes = new ApiRoutes(services, new Authenticator(services.keys(), bootstrap), clock);
        this.log = log;
        this.clock = clock;
    }

    /** Static init: clients are built once per container. */
    private static final class Environment {
        static final Settings SETTINGS = Settings.fromEnvironment();
        static final AwsClients CLIENTS = AwsClients.fromEnvironment(SETTINGS);
        static final Clock CLOCK = Clock.systemUTC();
        static final JsonLog LOG = JsonLog.stdout(FUNCTION, SETTINGS.debug());
        static final ApiKeys KEYS = new ApiKeys(CLIENTS.dynamoDb(), SETTINGS.required(EnvVars.KEYS_TABLE), CLOCK);
        static final Tenants TENANTS = new Tenants(CLIENTS.dynamoDb(), SETTINGS.required(EnvVars.TENANTS_TABLE), CLOCK);
        static final AdminBootstrap BOOTSTRAP = bootstrap(SETTINGS.optional(EnvVars.ADMIN_KEY_SECRET_ID));
        static final EndpointServices ENDPOINTS = endpoints();

        /** The sender's rules and client (same SSRF settings), and the signing key read on first need. */
        private static EndpointServices endpoints() {
            boolean allowHttp = SETTINGS.flag(EnvVars.ALLOW_HTTP_ENDPOINTS);
            SsrfGuard guard = SsrfGuard.of(allowHttp, SETTINGS.list(EnvVars.ALLOWED_PRIVATE_NETWORKS));
            EndpointRegistry registry = new EndpointRegistry(CLIENTS.dynamoDb(), SETTINGS.required(EnvVars.ENDPOINTS_TABLE),
                    new EndpointUrlPolicy(allowHttp), CLOCK);
            return new EndpointServices(registry, guard, GuardedHttpClient.standard(guard, "hookline/api"),
                    signingKey(CLIENTS::secretsManager, SETTINGS.required(EnvVars.SIGNING_KEY_SECRET_ID)),
                    Duration.ofHours(SETTINGS.number(EnvVars.SECRET_GRACE_HOURS, 24, 0, 24 * 30)), CLOCK);
        }
        static final EventServices EVENTS = events(CLIENTS.dynamoDb(), CLIENTS.sqs(),
                new HooklineResources(SETTINGS.required(EnvVars.EVENTS_TABLE), SETTINGS.required(EnvVars.ENDPOINTS_TABLE),
                        SETTINGS.required(EnvVars.DELIVERIES_TABLE), SETTINGS.required(EnvVars.INBOUND_QUEUE_URL),
                        null, SETTINGS.required(EnvVars.DELIVERIES_QUEUE_URL), null), // no DLQ: the api touches none
                SETTINGS, CLOCK);
        static final DeliveriesApi DELIVERIES = new DeliveriesApi(
                new DeliveryLog(CLIENTS.dynamoDb(), SETTINGS.required(EnvVars.DELIVERIES_TABLE), CLOCK),
                EndpointTenants.of(ENDPOINTS.registry()),
                DeliveryPayloads.kept(new EventPayloads(CLIENTS.dynamoDb(), SETTINGS.required(EnvVars.EVENTS_TABLE))),
                CLIENTS.sqs(), SETTINGS.required(EnvVars.DELIVERIES_QUEUE_URL), CLOCK);
        static final DeadLetterQueues DLQS = dlqs(CLIENTS.sqs(), SETTINGS.required(EnvVars.INBOUND_DLQ_URL),
                SETTINGS.required(EnvVars.INBOUND_QUEUE_URL), SETTINGS.required(EnvVars.DELIVERIES_DLQ_URL),
                SETTINGS.required(EnvVars.DELIVERIES_QUEUE_URL));

        private static AdminBootstrap bootstrap(String secretId) {
            if (secretId == null) {
                return AdminBootstrap.none(KEYS, TENANTS);
            }
            return new AdminBootstrap(secretValue(CLIENTS.secretsManager(), secretId), KEYS, TENANTS);
        }
    }

    /**
     * The signing key from its secret, read once, when a route first needs it (secret, test): most
     * requests never do. The client is made for the one read and closed.
     */
    public static Supplier<SigningKey> signingKey(Supplier<SecretsManagerClient> clients, String secretId) {
        return new Supplier<>() {
            private volatile SigningKey key;

            @Override
            public SigningKey get() {
                SigningKey current = key;
                if (current == null) {
                    try (SecretsManagerClient secrets = clients.get()) {
                        current = SigningKey.parse(secretValue(secrets, secretId).get());
                    }
                    key = current;
                }
                return current;
            }
        };
    }

    /**
     * The events routes' services on the pipeline's tables and queues: publishing uses the
     * receiver's intake (same lease and dedupe window), replay the processor's delivery log.
     */
    public static EventServices events(DynamoDbClient dynamo, SqsClient sqs, HooklineResources resources,
                                       Settings settings, Clock clock) {
        EventPayloads payloads = new EventPayloads(dynamo, resources.eventsTable());
        return new EventServices(
                new EventIntake(new EventClaims(dynamo, resources.eventsTable(), clock, settings.claimLease(),
                        settings.dedupeWindow()), new InboundQueue(sqs, resources.inboundQueueUrl()), clock),
                payloads,
                new EventReplay(payloads, new DeliveryLog(dynamo, resources.deliveriesTable(), clock), sqs,
                        resources.deliveriesQueueUrl()),
                new EndpointRegistry(dynamo, resources.endpointsTable(),
                        new EndpointUrlPolicy(settings.flag(EnvVars.ALLOW_HTTP_ENDPOINTS)), clock));
    }

    /** hookline's two DLQs, each redriven back to the queue it drains. */
    public static DeadLetterQueues dlqs(software.amazon.awssdk.services.sqs.SqsClient sqs, String inboundDlqUrl,
                                        String inboundUrl, String deliveriesDlqUrl, String deliveriesUrl) {
        return new DeadLetterQueues(sqs, List.of(
                new DeadLetterQueues.Dlq("inbound-dlq", inboundDlqUrl, inboundUrl),
                new DeadLetterQueues.Dlq("deliveries-dlq", deliveriesDlqUrl, deliveriesUrl)));
    }

    /** Reads the admin-key secret's value when asked (the bootstrap caches what it derives from it). */
    public static Supplier<String> secretValue(SecretsManagerClient secrets, String secretId) {
        return () -> secrets.getSecretValue(b -> b.secretId(secretId)).secretString();
    }

    public ApiRoutes routes() {
        return routes;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long started = clock.millis();
        Request request = toRequest(event);
        ApiRoutes.Outcome outcome;
        try {
            outcome = routes.dispatch(request);
        } catch (SdkException e) {
            log.error("aws call failed").with("method", request.method()).with("error", e.getClass().getSimpleName())
                    .emit();
            outcome = new ApiRoutes.Outcome(null, null, Response.problem(Problem.unavailable()));
        } catch (RuntimeException e) {
            log.error("request failed").with("method", request.method()).with("error", e.getClass().getSimpleName())
                    .emit();
            outcome = new ApiRoutes.Outcome(null, null, Response.problem(Problem.internal()));
        }
        Response response = outcome.response();
        log.info("request").with("method", request.method())
                .with("route", outcome.route() == null ? null : outcome.route().template())
                .with("status", response.status())
                .with("key", outcome.caller() == null ? null : outcome.caller().key().id())
                .with("latencyMs", clock.millis() - started).emit();
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }

    static Request toRequest(APIGatewayV2HTTPEvent event) {
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : "GET";
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of()
                : Map.copyOf(event.getQueryStringParameters());
        byte[] body;
        if (event.getBody() == null) {
            body = new byte[0];
        } else if (event.getIsBase64Encoded()) {
            try {
                body = Base64.getDecoder().decode(event.getBody());
            } catch (IllegalArgumentException e) {
                body = new byte[] {'!'}; // not JSON, whatever it was: the route refuses it as malformed
            }
        } else {
            body = event.getBody().getBytes(StandardCharsets.UTF_8);
        }
        return new Request(method.toUpperCase(Locale.ROOT), path(event), Map.of(), query, Map.copyOf(headers), body,
                null);
    }

    /** The path below the stage: HTTP API puts a named stage's name first in rawPath. */
    static String path(APIGatewayV2HTTPEvent event) {
        String raw = event.getRawPath() == null ? "/" : event.getRawPath();
        String stage = event.getRequestContext() == null ? null : event.getRequestContext().getStage();
        if (stage != null && !stage.equals("$default") && raw.startsWith("/" + stage + "/")) {
            raw = raw.substring(stage.length() + 1);
        }
        return raw;
    }
}
