package dev.hookline.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How to start the local runtime.
 *
 * @param configFile        the hookline config document (sources, signing key, seed endpoints)
 * @param port              HTTP port on 127.0.0.1; 0 picks a free one
 * @param dataDir           where DynamoDB Local keeps its data and runtime.json is written
 * @param environment       variables on top of the process environment (a test's short backoff, say);
 *                          the runtime's own wiring (tables, queue URLs, emulator endpoints) wins over both
 * @param visibilityTimeout visibility timeout of both source queues, or null for the template's
 * @param sinkTimeoutHold   how long a sink told {@code fail=timeout} holds the request
 * @param dynamoDbPort      DynamoDB Local's port on 127.0.0.1; 0 picks a free one
 * @param sqsPort           ElasticMQ's port on 127.0.0.1; 0 picks a free one
 * @param sinkCapacity      requests each {@code /_sink/{name}} keeps (the latest)
 */
public record LocalOptions(Path configFile, int port, Path dataDir, Map<String, String> environment,
                           Duration visibilityTimeout, Duration sinkTimeoutHold, Functions functions,
                           int dynamoDbPort, int sqsPort, int sinkCapacity) {
    public static final int DEFAULT_PORT = 3000;
    /** The repository root: bin/hookline sets {@code -Dhookline.home}, so defaults work from any directory. */
    public static final Path HOME = Path.of(System.getProperty("hookline.home", ""));
    public static final Path DEFAULT_DATA_DIR = HOME.resolve(".hookline").resolve("data");
    public static final Path DEFAULT_CONFIG = HOME.resolve("infra").resolve("local").resolve("hookline.json");
    /** Longer than the sender's total timeout (~10 s), so the sender gives up first. */
    public static final Duration DEFAULT_TIMEOUT_HOLD = Duration.ofSeconds(15);

    public LocalOptions {
        environment = Map.copyOf(environment);
    }

    public static LocalOptions defaults(Functions functions) {
        return new LocalOptions(DEFAULT_CONFIG, DEFAULT_PORT, DEFAULT_DATA_DIR, Map.of(), null, DEFAULT_TIMEOUT_HOLD,
                functions, 0, 0,
                dev.hookline.local.internal.Sinks.KEEP_PER_SINK);
    }

    public LocalOptions withConfigFile(Path file) {
        return new LocalOptions(file, port, dataDir, environment, visibilityTimeout, sinkTimeoutHold, functions,
                dynamoDbPort, sqsPort, sinkCapacity);
    }

    public LocalOptions withPort(int p) {
        return new LocalOptions(configFile, p, dataDir, environment, visibilityTimeout, sinkTimeoutHold, functions,
                dynamoDbPort, sqsPort, sinkCapacity);
    }

    public LocalOptions withDataDir(Path dir) {
        return new LocalOptions(configFile, port, dir, environment, visibilityTimeout, sinkTimeoutHold, functions,
                dynamoDbPort, sqsPort, sinkCapacity);
    }

    public LocalOptions withEnvironment(Map<String, String> env) {
        return new LocalOptions(configFile, port, dataDir, env, visibilityTimeout, sinkTimeoutHold, functions,
                dynamoDbPort, sqsPort, sinkCapacity);
    }

    public LocalOptions withVisibilityTimeout(Duration timeout) {
        return new LocalOptions(configFile, port, dataDir, environment, timeout, sinkTimeoutHold, functions,
                dynamoDbPort, sqsPort, sinkCapacity);
    }

    public LocalOptions withSinkTimeoutHold(Duration hold) {
        return new LocalOptions(configFile, port, dataDir, environment, visibilityTimeout, hold, functions, dynamoDbPort,
                sqsPort, sinkCapacity);
    }

    /** Fixed emulator ports (0 = a free one), e.g. for an env-vars file a container uses across restarts. */
    public LocalOptions withEmulatorPorts(int dynamoDb, int sqs) {
        return new LocalOptions(configFile, port, dataDir, environment, visibilityTimeout, sinkTimeoutHold, functions,
                dynamoDb, sqs, sinkCapacity);
    }

    /** How many requests each sink keeps (a benchmark counting every delivery needs them all). */
    public LocalOptions withSinkCapacity(int requests) {
        return new LocalOptions(configFile, port, dataDir, environment, visibilityTimeout, sinkTimeoutHold, functions,
                dynamoDbPort, sqsPort, requests);
    }
}
