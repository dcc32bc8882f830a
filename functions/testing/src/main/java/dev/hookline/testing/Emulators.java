package dev.hookline.testing;

import dev.hookline.core.aws.AwsClients;
import dev.hookline.core.resources.ApiTables;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.core.resources.QueueSpec;
import dev.hookline.core.resources.ResourceProvisioner;
import dev.hookline.testing.internal.DynamoDbLocalServer;
import dev.hookline.testing.internal.ElasticMqServer;
import dev.hookline.testing.internal.FreePorts;
import dev.hookline.testing.internal.LocalStackEmulator;
import dev.hookline.testing.internal.MotoServer;
import dev.hookline.testing.internal.proxy.AwsProxy;
import dev.hookline.testing.iam.TemplatePolicy;
import dev.hookline.testing.iam.UsageLog;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Real emulators for tests, started once per test JVM on free loopback ports: DynamoDB Local and
 * ElasticMQ in-process, and {@code moto_server} as a child process for Secrets Manager (started on
 * first use). With {@code -Dhookline.emulators=localstack} (the {@code localstack} Maven profile)
 * all three services come from LocalStack in Docker instead. Get one through
 * {@link EmulatorsExtension}.
 *
 * <p>Each test class calls {@link #provision()} for its own tables and queues (a fresh name
 * prefix), so classes never see each other's data.
 *
 * <p>Every client reaches the emulators through one loopback proxy (the endpoints this class hands
 * out are the proxy's), which records each call ({@link #calls()}), refuses what AWS refuses
 * where the emulators are lenient (SQS's characters, sizes, batch and visibility limits;
 * DynamoDB's item, key and expression limits), and holds calls signed with a function's key id
 * ({@link #clientsAs(String)}) to that function's role in template.yaml: AccessDenied unless the
 * role grants the action on the resource. Those function calls are also logged under
 * {@code <repo root>/target/iam-usage/} for infra/sam's IamUsageTest. A table, queue or secret
 * is matched to the template's resource by its name's suffix after the prefix: tables and queues
 * from {@link #provision()} already are ({@code t7-deliveries-dlq} is {@code DeliveriesDlq}); name
 * secrets {@code <prefix>config} ({@code ConfigSecret}) and {@code <prefix>signing-key}
 * ({@code SigningKeySecret}). A name matching nothing is a resource no role grants.
 */
public final class Emulators implements AutoCloseable {
    /** System property: when true, a test that needs moto fails instead of being skipped. */
    public static final String REQUIRE_MOTO = "hookline.requireMoto";

    private static final AtomicInteger PREFIXES = new AtomicInteger();

    /** System property choosing the backend: {@code embedded} (default) or {@code localstack}. */
    public static final String BACKEND = "hookline.emulators";

    private final List<AutoCloseable> servers;
    private final AwsProxy proxy;
    private final URI dynamoDbBackend;
    private final URI sqsBackend;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    /** Known from the start with LocalStack; with the embedded backend moto starts on first use. */
    private volatile URI secretsManagerBackend;
    private MotoServer moto;
    private SecretsManagerClient secretsManager;

    private Emulators(List<AutoCloseable> servers, URI dynamoDb, URI sqs, URI secretsManager) {
        this.servers = servers;
        this.dynamoDbBackend = dynamoDb;
        this.sqsBackend = sqs;
        this.secretsManagerBackend = secretsManager;
        Path here = Path.of(System.getProperty("user.dir"));
        Optional<Path> template = TemplatePolicy.find(here);
        TemplatePolicy policy = template.map(TemplatePolicy::load).orElse(null);
        UsageLog usage = template.map(t -> UsageLog.forModule(t.getParent(), here)).orElse(null);
        this.proxy = AwsProxy.start(this::backend, policy, usage, Clock.systemUTC());
        AwsClients clients = AwsClients.forEmulators(proxy.endpoint(), proxy.endpoint(), null);
        this.dynamoDb = clients.dynamoDb();
        this.sqs = clients.sqs();
    }

    private URI backend(String service) {
        return switch (service) {
            case "dynamodb" -> dynamoDbBackend;
            case "sqs" -> sqsBackend;
            case "secretsmanager" -> secretsManagerBackend;
            default -> null;
        };
    }

    /** Why the chosen backend cannot run on this machine, or null when it can. */
    public static String unavailableReason() {
        if ("localstack".equals(System.getProperty(BACKEND)) && !LocalStackEmulator.dockerAvailable()) {
            return LocalStackEmulator.NO_DOCKER;
        }
        return null;
    }

    /** Starts the backend {@value #BACKEND} names: DynamoDB Local (in memory) and ElasticMQ unless it says localstack. */
    public static Emulators start() {
        if ("localstack".equals(System.getProperty(BACKEND))) {
            LocalStackEmulator localStack = LocalStackEmulator.start();
            URI endpoint = localStack.endpoint();
            return new Emulators(List.of(localStack), endpoint, endpoint, endpoint);
        }
        DynamoDbLocalServer dynamo = DynamoDbLocalServer.start(FreePorts.pick(), null);
        ElasticMqServer elastic = ElasticMqServer.start(FreePorts.pick());
        return new Emulators(List.of(elastic, dynamo), dynamo.endpoint(), elastic.endpoint(), null);
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public SqsClient sqs() {
        return sqs;
    }

    /** The proxy, which forwards DynamoDB calls to DynamoDB Local (or LocalStack). */
    public URI dynamoDbEndpoint() {
        return proxy.endpoint();
    }

    /** The proxy, which forwards SQS calls to ElasticMQ (or LocalStack). */
    public URI sqsEndpoint() {
        return proxy.endpoint();
    }

    /** Every AWS call made through these emulators so far in this JVM, oldest first. */
    public List<AwsCall> calls() {
        return proxy.calls();
    }

    /**
     * A Secrets Manager client on moto. Without {@code moto_server} on PATH the calling test is
     * skipped with a message saying how to enable it, unless {@value #REQUIRE_MOTO} is true (CI).
     */
    public synchronized SecretsManagerClient secretsManager() {
        if (secretsManager == null) {
            if (secretsManagerBackend == null) {
                moto = MotoServer.start(requireMoto(), FreePorts.pick());
                secretsManagerBackend = moto.endpoint();
            }
            secretsManager = AwsClients.forEmulators(null, null, proxy.endpoint()).secretsManager();
        }
        return secretsManager;
    }

    /** The proxy, once moto (or LocalStack) serves Secrets Manager; starts moto if needed. */
    public synchronized URI secretsManagerEndpoint() {
        secretsManager();
        return proxy.endpoint();
    }

    /**
     * Clients for all three emulators, as a function would build them from its environment, signed
     * with the harness's key id: unrestricted and not counted for IAM. Secrets Manager calls get 502
     * until {@link #secretsManager()} has started moto.
     */
    public synchronized AwsClients clients() {
        return AwsClients.forEmulators(proxy.endpoint(), proxy.endpoint(), proxy.endpoint());
    }

    /**
     * Clients signed with the access key id {@code keyId}: {@code receiver}, {@code processor} or
     * {@code sender} (optionally {@code <function>.<tag>}, e.g. {@code receiver.snapstart}) make
     * the proxy treat every call as that function's, held to its role in template.yaml and logged
     * for the IAM-by-use check. Give these to the handler under test; set-up and assertions keep
     * using {@link #dynamoDb()} and {@link #sqs()}. A tag {@code .probe} ({@code sender.probe})
     * is held to the role but not counted as the function's use: for tests of the harness itself.
     */
    public synchronized AwsClients clientsAs(String keyId) {
        return new AwsClients(Region.US_EAST_1, StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId,
                "hookline")), null, proxy.endpoint(), proxy.endpoint(), proxy.endpoint());
    }

    /** Fresh tables and queues with DESIGN §5's defaults (deliveries: 9 attempts). */
    public HooklineResources provision() {
        String prefix = nextPrefix();
        return provision(QueueSpec.inbound(prefix), QueueSpec.deliveries(prefix, 9));
    }

    /** Fresh tables, and queues as given (short visibility timeouts for redrive tests, say). */
    public HooklineResources provision(QueueSpec inbound, QueueSpec deliveries) {
        return new ResourceProvisioner(dynamoDb, sqs).provision(prefixOf(inbound.name(), "inbound"), inbound,
                deliveries);
    }

    /** Fresh keys and tenants tables for the api function. */
    public ApiTables provisionApi() {
        return new ResourceProvisioner(dynamoDb, sqs).provisionApi(nextPrefix());
    }

    /** A prefix no other caller in this JVM gets: {@code t<n>-}. */
    public static String nextPrefix() {
        return "t" + PREFIXES.incrementAndGet() + "-";
    }

    private static String prefixOf(String queueName, String suffix) {
        return queueName.endsWith(suffix) ? queueName.substring(0, queueName.length() - suffix.length()) : queueName;
    }

    private static Path requireMoto() {
        Optional<Path> found = MotoServer.find();
        if (found.isPresent()) {
            return found.get();
        }
        String message = "moto_server is not on PATH, so the Secrets Manager tests cannot run. "
                + "Install it with: pip install 'moto[server]'";
        if (Boolean.getBoolean(REQUIRE_MOTO)) {
            throw new IllegalStateException(message + " (required here: -D" + REQUIRE_MOTO + "=true)");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    @Override
    public synchronized void close() throws Exception {
        proxy.close();
        if (moto != null) {
            moto.close();
        }
        for (AutoCloseable server : servers) {
            server.close();
        }
    }
}
