package dev.hookline.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.aws.AwsClients;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.FileConfigSource;
import dev.hookline.core.config.HooklineConfig;
import dev.hookline.core.config.Settings;
import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.json.Json;
import dev.hookline.core.log.JsonLog;
import dev.hookline.api.ApiHandler;
import dev.hookline.api.v1.endpoints.EndpointServices;
import dev.hookline.core.outbound.http.GuardedHttpClient;
import dev.hookline.core.outbound.ssrf.SsrfGuard;
import dev.hookline.api.auth.AdminBootstrap;
import dev.hookline.core.keys.ApiKeys;
import dev.hookline.api.ApiServices;
import dev.hookline.api.v1.deliveries.DeliveriesApi;
import dev.hookline.core.events.EventPayloads;
import dev.hookline.api.v1.deliveries.DeliveryPayloads;
import dev.hookline.api.v1.deliveries.EndpointTenants;
import dev.hookline.core.deliveries.DeliveryLog;
import dev.hookline.core.resources.ApiTables;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.core.tenants.Tenants;
import dev.hookline.local.internal.LocalAdminKey;
import dev.hookline.core.resources.QueueSpec;
import dev.hookline.core.resources.ResourceProvisioner;
import dev.hookline.core.signing.EndpointSecrets;
import dev.hookline.core.signing.SigningKey;
import dev.hookline.local.internal.ConfigSecretShim;
import dev.hookline.local.internal.DataDirLock;
import dev.hookline.local.internal.DurableQueues;
import dev.hookline.local.internal.Health;
import dev.hookline.local.internal.InstancePool;
import dev.hookline.local.internal.LocalHttpServer;
import dev.hookline.local.internal.QueuePoller;
import dev.hookline.local.internal.Sinks;
import dev.hookline.testing.EventSourceMapping;
import dev.hookline.testing.LocalContext;
import dev.hookline.testing.internal.DynamoDbLocalServer;
import dev.hookline.testing.internal.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The whole of hookline in one JVM (DESIGN §7): DynamoDB Local and ElasticMQ in-process, both on
 * 127.0.0.1 only and both persisted under the data dir (a {@code kill -9} loses nothing they
 * acknowledged), tables and queues from {@link ResourceProvisioner}, endpoints
 * seeded from the config, the receiver behind an HTTP server that builds API Gateway events, the
 * processor and sender driven by SQS pollers that behave like Lambda's event source mapping, and
 * the {@code /_sink/{name}} test receivers.
 *
 * <p>On Lambda each function has its own environment; here they share one process, so the runtime
 * hands {@link Settings#setProcessOverrides} every variable they read before it builds them.
 */
public final class LocalRuntime implements AutoCloseable {
    /** Name prefix of the local tables and queues. */
    public static final String PREFIX = "hookline-local-";
    /** Retry schedule for a laptop (6 attempts within about 4 minutes), unless BACKOFF_SCHEDULE is set. */
    public static final String LAPTOP_BACKOFF = "2s,10s,30s,1m,2m";
    /** Private networks the sender may reach locally: the sinks live on loopback. */
    public static final String LOCAL_PRIVATE_NETWORKS = "127.0.0.0/8,::1/128";
    private static final int BATCH_SIZE = 10;
    private static final int RECEIVER_INSTANCES = 4;
    /** The parts GET /_health reports, in the order they come up. */
    static final List<String> HEALTH_PARTS = List.of("http", "dynamodb", "sqs", "tables and queues", "receiver",
            "processor", "sender");

    private final List<AutoCloseable> started;
    private final Path dataDir;
    private final RuntimeInfo info;
    private final AwsClients clients;
    private final HooklineResources resources;
    private final int port;
    private final Map<String, Long> restoredMessages;
    private final Health health;
    private volatile boolean closed;

    private final LocalAdminKey adminKey;

    private LocalRuntime(List<AutoCloseable> started, Path dataDir, RuntimeInfo info, AwsClients clients,
                         HooklineResources resources, int port, Map<String, Long> restoredMessages, Health health,
                         LocalAdminKey adminKey) {
        this.adminKey = adminKey;
        this.restoredMessages = Map.copyOf(restoredMessages);
        this.health = health;
        this.started = started;
        this.dataDir = dataDir;
        this.info = info;
        this.clients = clients;
        this.resources = resources;
        this.port = port;
    }

    /** Starts everything, or stops what it started and throws saying what went wrong. */
    public static LocalRuntime start(LocalOptions options) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            return start(options, started);
        } catch (IOException e) {
            closeAll(started);
            Settings.setProcessOverrides(Map.of());
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            closeAll(started);
            Settings.setProcessOverrides(Map.of());
            throw e;
        }
    }

    private static LocalRuntime start(LocalOptions options, List<AutoCloseable> started) throws IOException {
        Path configFile = options.configFile().toAbsolutePath().normalize();
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException("config file " + configFile + " does not exist");
        }
        HooklineConfig config = new FileConfigSource(configFile).current();
        Path dataDir = options.dataDir().toAbsolutePath().normalize();
        Files.createDirectories(dataDir.resolve("dynamodb"));
        started.add(DataDirLock.acquire(dataDir));
        Clock clock = Clock.systemUTC();
        JsonLog log = JsonLog.stdout("local-runtime", false);
        Health health = new Health(HEALTH_PARTS);

        // Bind the port first: a busy port is the likeliest failure and should cost no emulator start.
        // From here on GET /_health answers, 503 until every part below is up.
        AtomicReference<InstancePool<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>>> receivers =
                new AtomicReference<>();
        AtomicReference<Sinks> sinksRef = new AtomicReference<>();
        AtomicReference<ApiHandler> apis = new AtomicReference<>();
        LocalHttpServer http;
        try {
            http = LocalHttpServer.start(options.port(), event -> invokeReceiver(receivers.get(), event),
                    event -> invokeApi(apis.get(), event), sinksRef::get, health, new ConfigSecretShim(configFile, clock), clock, log);
        } catch (BindException e) {
            throw new IllegalStateException("port " + options.port() + " on 127.0.0.1 is in use; pick another with "
                    + "--port N");
        }
        started.add(http);
        started.add(new Stopping(health));
        int port = http.port();
        health.ready("http");

        int dynamoPort = options.dynamoDbPort() == 0 ? FreePorts.pick()
                : requireFree(options.dynamoDbPort(), "--dynamodb-port");
        DynamoDbLocalServer dynamo = quietly(() -> DynamoDbLocalServer.start(dynamoPort, dataDir.resolve("dynamodb")));
        started.add(dynamo);
        health.ready("dynamodb");
        int sqsPort = options.sqsPort() == 0 ? FreePorts.pick() : requireFree(options.sqsPort(), "--sqs-port");
        DurableQueues sqsServer = DurableQueues.start(sqsPort, dataDir.resolve("sqs"),
                endpoint -> AwsClients.forEmulators(null, endpoint, null).sqs());
        started.add(sqsServer);
        health.ready("sqs");
        AwsClients clients = AwsClients.forEmulators(dynamo.endpoint(), sqsServer.endpoint(), null);
        DynamoDbClient dynamoDb = clients.dynamoDb();
        SqsClient sqs = clients.sqs();

        Map<String, String> variables = laptopDefaults();
        variables.putAll(options.environment());
        Settings settings = merged(variables);
        QueueSpec inbound = QueueSpec.inbound(PREFIX);
        // The template's queue: its maxReceiveCount is a safety net; the sender counts the attempt budget.
        QueueSpec deliveries = QueueSpec.deliveries(PREFIX);
        if (options.visibilityTimeout() != null) {
            inbound = inbound.withVisibilityTimeout(options.visibilityTimeout());
            deliveries = deliveries.withVisibilityTimeout(options.visibilityTimeout());
        }
        HooklineResources resources = provision(dynamoDb, sqs, inbound, deliveries);
        ApiTables apiTables = new ResourceProvisioner(dynamoDb, sqs).provisionApi(PREFIX);
        health.ready("tables and queues");

        variables.putAll(resources.toEnvironment());
        variables.putAll(apiTables.toEnvironment());
        variables.put(EnvVars.ENDPOINT_URL_DYNAMODB, dynamo.endpoint().toString());
        variables.put(EnvVars.ENDPOINT_URL_SQS, sqsServer.endpoint().toString());
        variables.put(EnvVars.CONFIG_FILE, configFile.toString());
        variables.put(EnvVars.ALLOW_HTTP_ENDPOINTS, "true");
        variables.put(EnvVars.ALLOWED_PRIVATE_NETWORKS, LOCAL_PRIVATE_NETWORKS);
        variables.put(EnvVars.MAX_ATTEMPTS, Integer.toString(settings.maxAttempts()));
        variables.put("AWS_REGION", "us-east-1");
        // Blank = unset for Settings: whatever the shell holds for AWS must not leak into a local run.
        for (String name : List.of(EnvVars.CONFIG_SECRET_ID, EnvVars.SIGNING_KEY_SECRET_ID, EnvVars.ENDPOINT_URL,
                EnvVars.ENDPOINT_URL_SECRETS_MANAGER, "AWS_LAMBDA_FUNCTION_NAME")) {
            variables.put(name, "");
        }
        Settings.setProcessOverrides(variables);
        Settings effective = Settings.fromEnvironment();

        EndpointRegistry registry = new EndpointRegistry(dynamoDb, resources.endpointsTable(),
                new EndpointUrlPolicy(true), clock);
        registry.seed(config.endpoints());

        EndpointSecrets secrets = config.signingKey() == null ? null
                : new EndpointSecrets(SigningKey.parse(config.signingKey()));
        Duration grace = Duration.ofHours(effective.number(EnvVars.SECRET_GRACE_HOURS, 24, 0, 24 * 30));
        sinksRef.set(new Sinks(name -> sinkSecrets(registry, secrets, grace, clock, port, name), clock,
                options.sinkTimeoutHold(), options.sinkCapacity()));

        // The api function, built from the runtime's own clients (no deploy-time secret locally: the
        // first admin key is made here, kept under the data dir and shown once in the banner).
        ApiKeys apiKeys = new ApiKeys(dynamoDb, apiTables.keysTable(), clock);
        Tenants tenants = new Tenants(dynamoDb, apiTables.tenantsTable(), clock);
        tenants.ensureDefault();
        LocalAdminKey adminKey = LocalAdminKey.ensure(dataDir, apiKeys);
        // Endpoint routes: the same SSRF settings as the local sender (http and loopback allowed); the
        // signing key is the config file's, as the sender reads it locally.
        SsrfGuard guard = SsrfGuard.of(true, effective.list(EnvVars.ALLOWED_PRIVATE_NETWORKS));
        EndpointServices endpointServices = new EndpointServices(registry, guard,
                GuardedHttpClient.standard(guard, "hookline/api"), () -> SigningKey.parse(config.signingKey()), grace,
                clock);
        ApiServices apiServices = new ApiServices(apiKeys, tenants, endpointServices,
                ApiHandler.events(dynamoDb, sqs, resources, effective, clock),
                new DeliveriesApi(new DeliveryLog(dynamoDb, resources.deliveriesTable(), clock),
                        EndpointTenants.of(registry),
                        DeliveryPayloads.kept(new EventPayloads(dynamoDb, resources.eventsTable())), sqs,
                        resources.deliveriesQueueUrl(), clock),
                ApiHandler.dlqs(sqs, resources.inboundDlqUrl(), resources.inboundQueueUrl(),
                        resources.deliveriesDlqUrl(), resources.deliveriesQueueUrl()));
        apis.set(new ApiHandler(apiServices, AdminBootstrap.none(apiKeys, tenants),
                JsonLog.stdout("api", effective.debug()), clock));

        Functions functions = options.functions();
        receivers.set(new InstancePool<>(functions.receiver(), RECEIVER_INSTANCES));
        health.ready("receiver");
        QueuePoller processor = new QueuePoller(new EventSourceMapping(sqs, resources.inboundQueueUrl(), BATCH_SIZE,
                functions.processor().get(), "hookline-processor"), "processor", log).start();
        started.add(processor);
        health.ready("processor", processor::running);
        QueuePoller sender = new QueuePoller(new EventSourceMapping(sqs, resources.deliveriesQueueUrl(), BATCH_SIZE,
                functions.sender().get(), "hookline-sender"), "sender", log).start();
        started.add(sender);
        health.ready("sender", sender::running);

        RuntimeInfo info = new RuntimeInfo(ProcessHandle.current().pid(), "http://127.0.0.1:" + port,
                dynamo.endpoint().toString(), sqsServer.endpoint().toString(), configFile.toString(), resources);
        info.write(dataDir);
        SamEnvFile.write(dataDir, variables, port);
        return new LocalRuntime(started, dataDir, info, clients, resources, port, sqsServer.restored(), health,
                adminKey);
    }

    /**
     * A fixed emulator port, checked before the emulator starts: neither says clearly when its port
     * is taken (ElasticMQ fails inside its actor system), and a half-started one leaves threads behind.
     */
    private static int requireFree(int port, String option) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(port, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            return port;
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is in use; pick another with " + option);
        }
    }

    /**
     * Tables and queues as the template declares them. A queue restored from the last run keeps, in
     * ElasticMQ's registry, the attributes it was created with, and a CreateQueue whose visibility
     * timeout or redrive policy differs is refused (as SQS refuses it: QueueAlreadyExists); so an
     * existing queue is "created" with its own attributes, then set to the wanted ones.
     */
    private static HooklineResources provision(DynamoDbClient dynamoDb, SqsClient sqs, QueueSpec inbound,
                                               QueueSpec deliveries) {
        QueueSpec inboundAsIs = asItIs(sqs, inbound);
        QueueSpec deliveriesAsIs = asItIs(sqs, deliveries);
        HooklineResources resources = new ResourceProvisioner(dynamoDb, sqs).provision(PREFIX, inboundAsIs,
                deliveriesAsIs);
        align(sqs, resources.inboundQueueUrl(), resources.inboundDlqUrl(), inboundAsIs, inbound);
        align(sqs, resources.deliveriesQueueUrl(), resources.deliveriesDlqUrl(), deliveriesAsIs, deliveries);
        return resources;
    }

    private static QueueSpec asItIs(SqsClient sqs, QueueSpec wanted) {
        String url;
        try {
            url = sqs.getQueueUrl(b -> b.queueName(wanted.name())).queueUrl();
        } catch (QueueDoesNotExistException firstStart) {
            return wanted;
        }
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.REDRIVE_POLICY)).attributes();
        QueueSpec asIs = wanted.withVisibilityTimeout(Duration.ofSeconds(Long.parseLong(
                attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT))));
        JsonNode redrive = Json.parseOrNull(attributes.get(QueueAttributeName.REDRIVE_POLICY));
        if (redrive != null && redrive.hasNonNull("maxReceiveCount")) {
            asIs = asIs.withMaxReceiveCount(redrive.get("maxReceiveCount").asInt());
        }
        return asIs;
    }

    private static void align(SqsClient sqs, String url, String dlqUrl, QueueSpec asIs, QueueSpec wanted) {
        if (asIs.equals(wanted)) {
            return;
        }
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrive = Json.write(Json.object()
                .put("deadLetterTargetArn", dlqArn)
                .put("maxReceiveCount", String.valueOf(wanted.maxReceiveCount())));
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(wanted.visibilityTimeout().toSeconds()),
                QueueAttributeName.REDRIVE_POLICY, redrive)));
    }

    /** Marks the runtime as stopping (health 503) first thing when it closes. */
    private record Stopping(Health health) implements AutoCloseable {
        @Override
        public void close() {
            health.stopping();
        }
    }

    /**
     * DynamoDB Local prints its own configuration (including its internal port, which is not the one
     * to use) to stdout while it starts; keep that off the user's screen unless the start fails.
     * Nothing else writes to stdout at this point of the start.
     */
    private static <T> T quietly(java.util.function.Supplier<T> start) {
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            return start.get();
        } catch (RuntimeException e) {
            System.err.print(captured.toString(java.nio.charset.StandardCharsets.UTF_8));
            throw e;
        } finally {
            System.setOut(out);
        }
    }

    /** Defaults for a laptop, each only where the shell does not set the variable itself. */
    private static Map<String, String> laptopDefaults() {
        Map<String, String> defaults = new HashMap<>();
        if (System.getenv(EnvVars.BACKOFF_SCHEDULE) == null) {
            defaults.put(EnvVars.BACKOFF_SCHEDULE, LAPTOP_BACKOFF);
        }
        if (System.getenv(EnvVars.ENDPOINT_CACHE_SECONDS) == null) {
            // `bin/hookline endpoints disable` should show within seconds, not minutes.
            defaults.put(EnvVars.ENDPOINT_CACHE_SECONDS, "2");
        }
        return defaults;
    }

    private static Settings merged(Map<String, String> variables) {
        Map<String, String> all = new HashMap<>(System.getenv());
        all.putAll(variables);
        return new Settings(all);
    }

    /** The first admin key of this data dir (see {@link LocalAdminKey}). */
    public LocalAdminKey adminKey() {
        return adminKey;
    }

    private static APIGatewayV2HTTPResponse invokeApi(ApiHandler api, APIGatewayV2HTTPEvent event) {
        if (api == null) {
            APIGatewayV2HTTPResponse starting = new APIGatewayV2HTTPResponse();
            starting.setStatusCode(503);
            starting.setHeaders(Map.of("content-type", "application/problem+json", "retry-after", "1"));
            starting.setBody("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503}");
            return starting;
        }
        return api.handleRequest(event, new LocalContext("hookline-api", 10_000));
    }

    private static APIGatewayV2HTTPResponse invokeReceiver(
            InstancePool<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> pool,
            APIGatewayV2HTTPEvent event) {
        if (pool == null) {
            APIGatewayV2HTTPResponse starting = new APIGatewayV2HTTPResponse();
            starting.setStatusCode(503);
            starting.setHeaders(Map.of("content-type", "application/json", "retry-after", "1"));
            starting.setBody("{\"error\":\"starting\"}");
            return starting;
        }
        return pool.invoke(handler -> handler.handleRequest(event, new LocalContext("hookline-receiver", 10_000)));
    }

    /** The secrets of every endpoint whose URL is this runtime's {@code /_sink/{name}}. */
    private static Sinks.SinkSecrets sinkSecrets(EndpointRegistry registry, EndpointSecrets secrets, Duration grace,
                                                 Clock clock, int port, String name) {
        List<String> ids = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (Endpoint endpoint : registry.list()) {
            if (pointsAt(endpoint.url(), port, name)) {
                ids.add(endpoint.id());
                if (secrets != null) {
                    all.addAll(secrets.active(endpoint, clock.instant(), grace));
                }
            }
        }
        return new Sinks.SinkSecrets(ids, all);
    }

    static boolean pointsAt(String url, int port, String sink) {
        try {
            URI uri = new URI(url);
            String host = uri.getHost();
            boolean loopback = host != null && (host.equals("127.0.0.1") || host.equals("localhost")
                    || host.equals("[::1]") || host.equals("::1"));
            int urlPort = uri.getPort() == -1 ? ("https".equals(uri.getScheme()) ? 443 : 80) : uri.getPort();
            return loopback && urlPort == port && ("/_sink/" + sink).equals(uri.getPath());
        } catch (Exception e) {
            return false;
        }
    }

    /** Messages ElasticMQ restored per queue at this start (what the last run left queued or in flight). */
    public Map<String, Long> restoredMessages() {
        return restoredMessages;
    }

    /** What {@code GET /_health} answers now. */
    public Health.Report health() {
        return health.report();
    }

    public RuntimeInfo info() {
        return info;
    }

    public int port() {
        return port;
    }

    public URI url() {
        return URI.create(info.url());
    }

    public Path dataDir() {
        return dataDir;
    }

    public HooklineResources resources() {
        return resources;
    }

    /** Clients for the runtime's emulators (tests and the CLI use these). */
    public AwsClients clients() {
        return clients;
    }

    /** Stops the HTTP server (no new events), the pollers (after their current batch), then the emulators. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Files.deleteIfExists(RuntimeInfo.file(dataDir));
            Files.deleteIfExists(SamEnvFile.file(dataDir));
        } catch (IOException e) {
            // a stale runtime.json is detected by its dead pid
        }
        closeAll(started);
        Settings.setProcessOverrides(Map.of());
    }

    private static void closeAll(List<AutoCloseable> started) {
        // Health says "stopping" first, then intake stops, then the pollers (each finishes its batch),
        // then the emulators they talk to.
        List<AutoCloseable> order = new ArrayList<>();
        started.stream().filter(c -> c instanceof Stopping).forEach(order::add);
        started.stream().filter(c -> c instanceof LocalHttpServer).forEach(order::add);
        started.stream().filter(c -> c instanceof QueuePoller).forEach(order::add);
        // Emulators in reverse start order; the data dir lock (first in) is released last.
        started.reversed().stream().filter(c -> !(c instanceof LocalHttpServer) && !(c instanceof QueuePoller)
                        && !(c instanceof Stopping)).forEach(order::add);
        for (AutoCloseable c : order) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("hookline local: stopping " + c.getClass().getSimpleName() + " failed: " + e);
            }
        }
    }
}
