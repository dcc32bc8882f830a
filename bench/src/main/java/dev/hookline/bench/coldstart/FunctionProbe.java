package dev.hookline.bench.coldstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.core.config.ConfigSource;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.FileConfigSource;
import dev.hookline.core.config.SecretsManagerConfigSource;
import dev.hookline.core.config.Settings;
import dev.hookline.core.endpoints.EndpointCache;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.log.JsonLog;
import dev.hookline.core.metrics.Metrics;
import dev.hookline.core.signing.SigningKey;
import dev.hookline.processor.ProcessorHandler;
import dev.hookline.processor.ProcessorTargets;
import dev.hookline.processor.RegisteredHandlers;
import dev.hookline.receiver.ReceiverHandler;
import dev.hookline.receiver.ReceiverOptions;
import dev.hookline.sender.SenderHandler;
import dev.hookline.sender.SenderSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The child of {@link ColdStartBench}: runs in a fresh {@code java -XX:TieredStopAtLevel=1} on a
 * function's shaded jar (plus this class), builds the function and handles one event against the
 * emulators, and prints one line of wall-clock marks (epoch ms) for the parent.
 *
 * <p>Two modes. {@code lambda}: exactly what Lambda's runtime does, the no-arg constructor (static
 * holder builds everything from the environment) then the first invocation; marks only at main,
 * constructed and responded. {@code phased}: the same work, step by step, with a mark after each:
 * class loading and static init of the handler and its event types; SDK client construction (with
 * the HTTP client named by the third argument); config load (Secrets Manager, or the file);
 * handler construction from those parts; the first request. The parent reports both, so the sum of
 * the phases can be checked against the real path.
 *
 * <p>Arguments: function (receiver|processor|sender), mode (lambda|phased), http
 * (urlconnection|apache), then the event: receiver {@code deliveryId signature body}, processor
 * and sender {@code messageId body}.
 */
public final class FunctionProbe {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(8);

    public static void main(String[] args) throws Exception {
        long main = System.currentTimeMillis();
        String function = args[0];
        boolean phased = args[1].equals("phased");
        String http = args[2];
        StringBuilder marks = new StringBuilder("COLDSTART fn=").append(function).append(" mode=").append(args[1])
                .append(" http=").append(http).append(" main=").append(main);
        int status;
        if (!phased) {
            status = switch (function) {
                case "receiver" -> {
                    ReceiverHandler handler = new ReceiverHandler();
                    marks.append(" constructed=").append(System.currentTimeMillis());
                    yield handler.handleRequest(receiverEvent(args), null).getStatusCode();
                }
                case "processor" -> {
                    ProcessorHandler handler = new ProcessorHandler();
                    marks.append(" constructed=").append(System.currentTimeMillis());
                    yield handler.handleRequest(sqsEvent(args), null).getBatchItemFailures().isEmpty() ? 200 : 500;
                }
                case "sender" -> {
                    SenderHandler handler = new SenderHandler();
                    marks.append(" constructed=").append(System.currentTimeMillis());
                    yield handler.handleRequest(sqsEvent(args), null).getBatchItemFailures().isEmpty() ? 200 : 500;
                }
                default -> throw new IllegalArgumentException(function);
            };
        } else {
            status = phased(function, http, args, marks);
        }
        marks.append(" responded=").append(System.currentTimeMillis()).append(" status=").append(status);
        System.out.println(marks);
        System.out.flush();
        // Lambda would keep the process; the measurement ends with the first response.
        System.exit(0);
    }

    private static int phased(String function, String http, String[] args, StringBuilder marks) throws Exception {
        // 1. What the runtime does before calling the constructor: load and initialise the handler
        //    class and the event types it is declared with (and our JSON mapper, a static).
        String handlerClass = switch (function) {
            case "receiver" -> "dev.hookline.receiver.ReceiverHandler";
            case "processor" -> "dev.hookline.processor.ProcessorHandler";
            default -> "dev.hookline.sender.SenderHandler";
        };
        Class.forName(handlerClass, true, FunctionProbe.class.getClassLoader());
        Class.forName(function.equals("receiver") ? APIGatewayV2HTTPEvent.class.getName() : SQSEvent.class.getName());
        Class.forName("dev.hookline.core.json.Json");
        marks.append(" classes=").append(System.currentTimeMillis());

        // 2. SDK clients, as AwsClients builds them on Lambda, with the HTTP client under test.
        Settings settings = Settings.fromEnvironment();
        SdkHttpClient httpClient = http.equals("apache") ? ApacheHttp.client(CONNECT_TIMEOUT, SOCKET_TIMEOUT)
                : UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(SOCKET_TIMEOUT)
                .build();
        AwsCredentialsProvider credentials = EnvironmentVariableCredentialsProvider.create();
        Region region = Region.of(settings.required("AWS_REGION"));
        DynamoDbClient dynamo = configure(DynamoDbClient.builder(), httpClient, region, credentials,
                settings.optional(EnvVars.ENDPOINT_URL_DYNAMODB)).build();
        SqsClient sqs = configure(SqsClient.builder(), httpClient, region, credentials,
                settings.optional(EnvVars.ENDPOINT_URL_SQS)).build();
        marks.append(" sdk=").append(System.currentTimeMillis());

        // 3. Configuration (the processor reads none: its routing lives in the endpoints table).
        Clock clock = Clock.systemUTC();
        JsonLog log = JsonLog.stdout(function, settings.debug());
        ConfigSource config = null;
        if (!function.equals("processor")) {
            String secretId = settings.optional(EnvVars.CONFIG_SECRET_ID);
            if (secretId != null) {
                SecretsManagerClient secrets = configure(SecretsManagerClient.builder(), httpClient, region,
                        credentials, settings.optional(EnvVars.ENDPOINT_URL_SECRETS_MANAGER)).build();
                config = new SecretsManagerConfigSource(secrets, secretId, settings.configRefresh(), clock, log);
            } else {
                config = new FileConfigSource(Path.of(settings.required(EnvVars.CONFIG_FILE)));
            }
            config.current();
        }
        marks.append(" config=").append(System.currentTimeMillis());

        // 4. The handler from those parts, as its holder would wire it.
        Metrics metrics = Metrics.stdout(function);
        int status;
        switch (function) {
            case "receiver" -> {
                ReceiverHandler handler = new ReceiverHandler(config, dynamo, sqs,
                        settings.required(EnvVars.EVENTS_TABLE), settings.required(EnvVars.INBOUND_QUEUE_URL), clock,
                        ReceiverOptions.from(settings), log, metrics);
                marks.append(" constructed=").append(System.currentTimeMillis());
                status = handler.handleRequest(receiverEvent(args), null).getStatusCode();
            }
            case "processor" -> {
                EndpointRegistry registry = new EndpointRegistry(dynamo, settings.required(EnvVars.ENDPOINTS_TABLE),
                        new EndpointUrlPolicy(settings.flag(EnvVars.ALLOW_HTTP_ENDPOINTS)), clock);
                EndpointCache cache = new EndpointCache(registry, settings.endpointCache(), clock);
                ProcessorHandler handler = new ProcessorHandler(ProcessorTargets.fromSettings(settings), dynamo, sqs,
                        cache, RegisteredHandlers.create(settings, log), log, metrics, clock);
                marks.append(" constructed=").append(System.currentTimeMillis());
                status = handler.handleRequest(sqsEvent(args), null).getBatchItemFailures().isEmpty() ? 200 : 500;
            }
            default -> {
                SenderSettings senderSettings = SenderSettings.from(settings);
                SigningKey key = SigningKey.parse(config.current().signingKey());
                SenderHandler handler = new SenderHandler(dynamo, sqs, clock, senderSettings,
                        SenderHandler.httpSender(senderSettings), () -> key, log, metrics);
                marks.append(" constructed=").append(System.currentTimeMillis());
                status = handler.handleRequest(sqsEvent(args), null).getBatchItemFailures().isEmpty() ? 200 : 500;
            }
        }
        return status;
    }

    private static <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(
            B builder, SdkHttpClient http, Region region, AwsCredentialsProvider credentials, String endpoint) {
        builder.httpClient(http).region(region).credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(API_CALL_TIMEOUT).build());
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }

    static APIGatewayV2HTTPEvent receiverEvent(String[] args) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRawPath("/webhooks/github")
                .withPathParameters(Map.of("source", "github"))
                .withHeaders(Map.of("x-github-delivery", args[3], "x-github-event", "push",
                        "x-hub-signature-256", args[4], "content-type", "application/json"))
                .withBody(args[5])
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
                        .build())
                .build();
    }

    static SQSEvent sqsEvent(String[] args) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(args[3]);
        message.setReceiptHandle("probe-" + args[3]);
        message.setBody(args[4]);
        message.setEventSource("aws:sqs");
        message.setAttributes(Map.of("ApproximateReceiveCount", "1",
                "SentTimestamp", Long.toString(System.currentTimeMillis())));
        message.setMessageAttributes(Map.of());
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }
}
