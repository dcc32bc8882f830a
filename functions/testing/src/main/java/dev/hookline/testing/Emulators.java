package dev.hookline.testing;

import dev.hookline.core.aws.AwsClients;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.core.resources.QueueSpec;
import dev.hookline.core.resources.ResourceProvisioner;
import dev.hookline.testing.internal.DynamoDbLocalServer;
import dev.hookline.testing.internal.ElasticMqServer;
import dev.hookline.testing.internal.FreePorts;
import dev.hookline.testing.internal.LocalStackEmulator;
import dev.hookline.testing.internal.MotoServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
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
 */
public final class Emulators implements AutoCloseable {
    /** System property: when true, a test that needs moto fails instead of being skipped. */
    public static final String REQUIRE_MOTO = "hookline.requireMoto";

    private static final AtomicInteger PREFIXES = new AtomicInteger();

    /** System property choosing the backend: {@code embedded} (default) or {@code localstack}. */
    public static final String BACKEND = "hookline.emulators";

    private final List<AutoCloseable> servers;
    private final URI dynamoDbEndpoint;
    private final URI sqsEndpoint;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    /** Known from the start with LocalStack; with the embedded backend moto starts on first use. */
    private URI secretsManagerEndpoint;
    private MotoServer moto;
    private SecretsManagerClient secretsManager;

    private Emulators(List<AutoCloseable> servers, URI dynamoDb, URI sqs, URI secretsManager) {
        this.servers = servers;
        this.dynamoDbEndpoint = dynamoDb;
        this.sqsEndpoint = sqs;
        this.secretsManagerEndpoint = secretsManager;
        AwsClients clients = AwsClients.forEmulators(dynamoDb, sqs, null);
        this.dynamoDb = clients.dynamoDb();
        this.sqs = clients.sqs();
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

    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    /**
     * A Secrets Manager client on moto. Without {@code moto_server} on PATH the calling test is
     * skipped with a message saying how to enable it, unless {@value #REQUIRE_MOTO} is true (CI).
     */
    public synchronized SecretsManagerClient secretsManager() {
        if (secretsManager == null) {
            if (secretsManagerEndpoint == null) {
                moto = MotoServer.start(requireMoto(), FreePorts.pick());
                secretsManagerEndpoint = moto.endpoint();
            }
            secretsManager = AwsClients.forEmulators(null, null, secretsManagerEndpoint).secretsManager();
        }
        return secretsManager;
    }

    public synchronized URI secretsManagerEndpoint() {
        secretsManager();
        return secretsManagerEndpoint;
    }

    /** Clients for all three emulators, as a function would build them from its environment. */
    public synchronized AwsClients clients() {
        return AwsClients.forEmulators(dynamoDbEndpoint, sqsEndpoint, secretsManagerEndpoint);
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
        if (moto != null) {
            moto.close();
        }
        for (AutoCloseable server : servers) {
            server.close();
        }
    }
}
