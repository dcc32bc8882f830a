package dev.hookline.testing.internal;

import java.net.URI;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack in Docker through Testcontainers: the same tests against another emulator (the
 * {@code localstack} Maven profile). Without a Docker engine the tests that need it are skipped
 * with a message, not failed. {@code LOCALSTACK_AUTH_TOKEN} is passed through when set.
 *
 * <p>Testcontainers is an optional dependency of this module: only the profile puts it on the
 * test classpath, and only then is this class loaded.
 */
public final class LocalStackEmulator implements AutoCloseable {
    /** Override with -Dhookline.localstack.image=...; a pinned tag keeps runs comparable. */
    public static final String DEFAULT_IMAGE = "localstack/localstack:4.4";

    private final LocalStackContainer container;

    private LocalStackEmulator(LocalStackContainer container) {
        this.container = container;
    }

    public static final String NO_DOCKER = "the localstack profile needs a Docker engine and none is reachable "
            + "here; run without -Plocalstack to use the embedded DynamoDB Local and ElasticMQ";

    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static LocalStackEmulator start() {
        Assumptions.assumeTrue(dockerAvailable(), NO_DOCKER);
        LocalStackContainer container = new LocalStackContainer(
                DockerImageName.parse(System.getProperty("hookline.localstack.image", DEFAULT_IMAGE))
                        .asCompatibleSubstituteFor("localstack/localstack"))
                .withServices("dynamodb", "sqs", "secretsmanager");
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        }
        container.start();
        return new LocalStackEmulator(container);
    }

    /** One endpoint serves every service. */
    public URI endpoint() {
        return container.getEndpoint();
    }

    @Override
    public void close() {
        container.stop();
    }
}
