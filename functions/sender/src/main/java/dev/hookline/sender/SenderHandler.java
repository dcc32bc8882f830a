package dev.hookline.sender;

import dev.hookline.core.endpoints.EndpointHealth;
import dev.hookline.core.deliveries.DeliveryLog;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.core.aws.AwsClients;
import dev.hookline.core.config.ConfigSource;
import dev.hookline.core.config.ConfigSources;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.Settings;
import dev.hookline.core.endpoints.EndpointCache;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.log.JsonLog;
import dev.hookline.core.metrics.Metrics;
import dev.hookline.core.signing.SigningKey;
import dev.hookline.core.outbound.http.GuardedHttpClient;
import dev.hookline.core.outbound.http.HttpSender;
import dev.hookline.sender.internal.Backoff;
import dev.hookline.sender.internal.Deliverer;
import dev.hookline.core.outbound.ssrf.SsrfGuard;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The sender Lambda: a batch from the deliveries queue, each delivery signed and POSTed to its
 * endpoint, the batch answered with the items that must come back ({@code ReportBatchItemFailures}).
 * Deliveries run concurrently on a bounded pool; each is bounded by the HTTP client's total
 * timeout, so one hanging endpoint never holds the others' results longer than that.
 */
public final class SenderHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    public static final String FUNCTION = "sender";
    /** {@code hookline/<version>}: receivers see who calls them. */
    public static final String USER_AGENT = "hookline/" + version();

    /** Room for one delivery (10 s total HTTP timeout) plus its table and queue writes. */
    private static final long START_MARGIN_MILLIS = 15_000;

    private final Deliverer deliverer;
    private final Clock clock;
    private final ExecutorService pool;
    private final JsonLog log;
    private final Metrics metrics;

    /** Lambda's constructor: everything built once per container, from the environment. */
    public SenderHandler() {
        this(Holder.INSTANCE);
    }

    private SenderHandler(SenderHandler built) {
        this.deliverer = built.deliverer;
        this.clock = built.clock;
        this.pool = built.pool;
        this.log = built.log;
        this.metrics = built.metrics;
    }

    /**
     * For tests and the local runtime: real clients, a clock, settings, and the HTTP sender.
     *
     * @param signingKey the current signing key (looked up per batch, so a refreshed config applies)
     */
    public SenderHandler(DynamoDbClient dynamo, SqsClient sqs, Clock clock, SenderSettings settings, HttpSender http,
                         Supplier<SigningKey> signingKey, JsonLog log, Metrics metrics) {
        EndpointRegistry registry = new EndpointRegistry(dynamo, settings.endpointsTable(),
                new EndpointUrlPolicy(settings.allowHttp()), clock);
        this.deliverer = new Deliverer(settings,
                new DeliveryLog(dynamo, settings.deliveriesTable(), clock),
                new EndpointCache(registry, settings.endpointCache(), clock),
                new EndpointHealth(dynamo, settings.endpointsTable(), clock, settings.circuitThreshold(),
                        settings.circuitOpen(), settings.disableAfter()),
                sqs, http, signingKey,
                new Backoff(settings.backoff(), () -> ThreadLocalRandom.current().nextDouble()),
                clock, log, metrics);
        this.clock = clock;
        this.pool = newPool(settings.concurrency());
        this.log = log;
        this.metrics = metrics;
    }

    /** The default HTTP sender: SSRF guard from the settings, ~3 s connect, ~10 s total. */
    public static HttpSender httpSender(SenderSettings settings) {
        return GuardedHttpClient.standard(SsrfGuard.of(settings.allowHttp(), settings.allowedNetworks()), USER_AGENT);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of()
                : event.getRecords();
        // The batch was received before this moment; SQS's 12 hours of visibility per receipt count from then.
        Instant receivedBy = clock.instant();
        // A delivery that could not finish before the function times out is not started: it is
        // reported failed and comes back, instead of the whole batch being lost to a timeout.
        long startBy = context == null ? Long.MAX_VALUE
                : System.currentTimeMillis() + context.getRemainingTimeInMillis() - START_MARGIN_MILLIS;
        List<Future<Boolean>> results = new ArrayList<>(records.size());
        for (SQSEvent.SQSMessage record : records) {
            results.add(pool.submit(() -> {
                if (System.currentTimeMillis() > startBy) {
                    log.warn("delivery not started: function time running out")
                            .with("sqsMessageId", record.getMessageId()).emit();
                    return false;
                }
                return deliverer.deliver(record, receivedBy);
            }));
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            boolean done;
            try {
                done = results.get(i).get();
            } catch (ExecutionException e) {
                // Our own fault (DynamoDB or SQS unavailable, say): the message comes back and is tried again.
                log.error("delivery failed inside the sender").with("sqsMessageId", records.get(i).getMessageId())
                        .with("error", e.getCause().getClass().getSimpleName()).emit();
                done = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done = false;
            }
            if (!done) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(records.get(i).getMessageId()).build());
            }
        }
        metrics.flush();
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private static ExecutorService newPool(int size) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(r, "hookline-delivery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static String version() {
        try (InputStream in = SenderHandler.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    /** Built once per container, on first use (Lambda's init phase). */
    private static final class Holder {
        static final SenderHandler INSTANCE = build();

        private static SenderHandler build() {
            Settings env = Settings.fromEnvironment();
            SenderSettings settings = SenderSettings.from(env);
            AwsClients clients = AwsClients.fromEnvironment(env);
            Clock clock = Clock.systemUTC();
            JsonLog log = JsonLog.stdout(FUNCTION, env.debug());
            return new SenderHandler(clients.dynamoDb(), clients.sqs(), clock, settings, httpSender(settings),
                    signingKey(env, clients, clock, log), log, Metrics.stdout(FUNCTION));
        }

        /** The generated key in Secrets Manager on AWS; else the local config file's signingKey. */
        private static Supplier<SigningKey> signingKey(Settings env, AwsClients clients, Clock clock, JsonLog log) {
            String secretId = env.optional(EnvVars.SIGNING_KEY_SECRET_ID);
            if (secretId != null) {
                try (SecretsManagerClient secrets = clients.secretsManager()) {
                    SigningKey key = SigningKey.parse(secrets.getSecretValue(b -> b.secretId(secretId)).secretString());
                    return () -> key;
                }
            }
            // Off AWS only (the template always sets SIGNING_KEY_SECRET_ID): the sender's role has no
            // access to the config secret, so the fallback is the local config file.
            ConfigSource config = ConfigSources.fromFile(env);
            SigningKey first = SigningKey.parse(config.current().signingKey());
            return new Supplier<>() {
                private String lastText = config.current().signingKey();
                private SigningKey last = first;

                @Override
                public synchronized SigningKey get() {
                    String text = config.current().signingKey();
                    if (!text.equals(lastText)) {
                        last = SigningKey.parse(text);
                        lastText = text;
                    }
                    return last;
                }
            };
        }
    }
}
