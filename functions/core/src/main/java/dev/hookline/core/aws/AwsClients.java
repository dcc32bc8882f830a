package dev.hookline.core.aws;

import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.Settings;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
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
        if (env.optional("AWS_LAMBDA_FUNCTION_NAME") != null) {
            // Lambda puts the role's credentials in the environment: read them, probe nothing else.
            credentials = EnvironmentVariableCredentialsProvider.create();
        } else if (emulated && env.optional("AWS_ACCESS_KEY_ID") == null) {
            credentials = emulatorCredentials();
        } else {
            credentials = DefaultCredentialsProvider.builder().build();
        }
        return new AwsClients(region, credentials, endpoint, dynamo, sqs, secrets);
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
