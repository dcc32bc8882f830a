package dev.hookline.core.aws;

import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.Settings;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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
 * Builds the SDK clients once per process, the way a cold Lambda should: explicit region and
 * credentials provider (no provider-chain probing), the JDK's URLConnection as HTTP client (no
 * Apache or Netty on the classpath), and endpoint overrides read from the environment so the same
 * code runs against AWS, DynamoDB Local and ElasticMQ, LocalStack or moto.
 *
 * @param endpoint      override for every service, or null
 * @param dynamoDbUrl   override for DynamoDB, or null
 * @param sqsUrl        override for SQS, or null
 * @param secretsUrl    override for Secrets Manager, or null
 */
public record AwsClients(Region region, AwsCredentialsProvider credentials, URI endpoint, URI dynamoDbUrl,
                         URI sqsUrl, URI secretsUrl) {

    static final String LAMBDA_FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";
    static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    /** Set instead of the key variables when Lambda runs a SnapStart function. */
    static final String CONTAINER_CREDENTIALS_FULL_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
    /** An SQS or DynamoDB call that hangs must not eat the whole Lambda timeout. */
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(8);

    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
            .connectionTimeout(CONNECT_TIMEOUT)
            .socketTimeout(SOCKET_TIMEOUT)
            .build();

    public static AwsClients fromEnvironment(Settings env) {
        String regionName = env.optional("AWS_REGION");
        if (regionName == null) {
            regionName = env.optional("AWS_DEFAULT_REGION");
        }
        Region region = Region.of(regionName == null ? "us-east-1" : regionName);
        URI endpoint = uri(env, EnvVars.ENDPOINT_URL);
        URI dynamo = uri(env, EnvVars.ENDPOINT_URL_DYNAMODB);
        URI sqs = uri(env, EnvVars.ENDPOINT_URL_SQS);
        URI secrets = uri(env, EnvVars.ENDPOINT_URL_SECRETS_MANAGER);
        boolean emulated = endpoint != null || dynamo != null || sqs != null || secrets != null;
        AwsCredentialsProvider credentials;
        if (env.optional(LAMBDA_FUNCTION_NAME) != null) {
            credentials = lambdaCredentials(env);
        } else if (emulated && env.optional(ACCESS_KEY_ID) == null) {
            credentials = emulatorCredentials();
        } else {
            credentials = DefaultCredentialsProvider.builder().build();
        }
        return new AwsClients(region, credentials, endpoint, dynamo, sqs, secrets);
    }

    /**
     * The role's credentials the way Lambda hands them over, read from exactly one place and
     * without probing anything else (no profile files, no EC2 metadata timeouts on a cold start).
     *
     * <p>On-demand, the {@code java21} runtime puts them in {@code AWS_ACCESS_KEY_ID},
     * {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}. With SnapStart it sets none of
     * those: it serves them from a local endpoint named by {@code AWS_CONTAINER_CREDENTIALS_FULL_URI},
     * authorized by {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}, "so that credentials do not expire
     * before the function is restored" (Lambda developer guide, "Activating and managing Lambda
     * SnapStart", section "Using SnapStart with AWS SDKs"). The SDK's
     * {@link ContainerCredentialsProvider} fetches lazily, on the first signed request, and caches
     * until shortly before the served expiration (SDK for Java 2.x guide, "Credentials caching"):
     * credentials fetched by the priming hook before the snapshot are refetched after a restore
     * once they are stale, so nothing from snapshot time outlives its expiry. It reads the URI and
     * token itself (system property, then environment variable) on every fetch.
     *
     * <p>The choice is made once, from which variables are present: a process has one mode for its
     * whole life (the snapshot carries its environment), and a chain that re-tried the environment
     * first on every request would throw and catch an exception per call under SnapStart.
     */
    static AwsCredentialsProvider lambdaCredentials(Settings env) {
        if (env.optional(ACCESS_KEY_ID) == null && env.optional(CONTAINER_CREDENTIALS_FULL_URI) != null) {
            return ContainerCredentialsProvider.builder().build();
        }
        // With neither set, this provider's error names the missing variables on the first call.
        return EnvironmentVariableCredentialsProvider.create();
    }

    /** Clients for emulators on the given endpoints (tests, local runtime). */
    public static AwsClients forEmulators(URI dynamoDb, URI sqs, URI secretsManager) {
        return new AwsClients(Region.US_EAST_1, emulatorCredentials(), null, dynamoDb, sqs, secretsManager);
    }

    public static AwsCredentialsProvider emulatorCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("hookline", "hookline"));
    }

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), dynamoDbUrl).build();
    }

    public SqsClient sqs() {
        return configure(SqsClient.builder(), sqsUrl).build();
    }

    public SecretsManagerClient secretsManager() {
        return configure(SecretsManagerClient.builder(), secretsUrl).build();
    }

    private <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(B builder, URI serviceUrl) {
        builder.httpClient(HTTP)
                .region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(API_CALL_TIMEOUT)
                        .build());
        URI override = serviceUrl != null ? serviceUrl : endpoint;
        if (override != null) {
            builder.endpointOverride(override);
        }
        return builder;
    }

    private static URI uri(Settings env, String name) {
        String value = env.optional(name);
        return value == null ? null : URI.create(value);
    }
}
