package dev.hookline.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.Settings;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class AwsClientsTest {
    @Test
    void onLambdaOnDemandReadsRoleCredentialsFromTheKeyVariablesOnly() {
        AwsClients clients = AwsClients.fromEnvironment(new Settings(Map.of("AWS_REGION", "eu-west-1",
                "AWS_LAMBDA_FUNCTION_NAME", "receiver", "AWS_ACCESS_KEY_ID", "ASIAEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "example", "AWS_SESSION_TOKEN", "example")));
        assertEquals(Region.EU_WEST_1, clients.region());
        assertInstanceOf(EnvironmentVariableCredentialsProvider.class, clients.credentials());
        assertNull(clients.dynamoDbUrl());
    }

    @Test
    void onLambdaWithSnapStartReadsTheContainerCredentialsEndpoint() {
        // The environment the java21 runtime gives a SnapStart function: no key variables at all.
        AwsClients clients = AwsClients.fromEnvironment(new Settings(Map.of("AWS_REGION", "eu-west-1",
                "AWS_LAMBDA_FUNCTION_NAME", "receiver",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/2021-04-23/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN", "token")));
        assertInstanceOf(ContainerCredentialsProvider.class, clients.credentials());
    }

    @Test
    void onLambdaKeyVariablesWinOverAContainerEndpoint() {
        AwsClients clients = AwsClients.fromEnvironment(new Settings(Map.of("AWS_LAMBDA_FUNCTION_NAME", "receiver",
                "AWS_ACCESS_KEY_ID", "ASIAEXAMPLE",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/2021-04-23/credentials")));
        assertInstanceOf(EnvironmentVariableCredentialsProvider.class, clients.credentials());
    }

    @Test
    void emulatorEndpointsGetDummyCredentials() {
        AwsClients clients = AwsClients.fromEnvironment(new Settings(Map.of(
                EnvVars.ENDPOINT_URL_DYNAMODB, "http://127.0.0.1:8000", EnvVars.ENDPOINT_URL_SQS, "http://127.0.0.1:9324")));
        assertEquals(Region.US_EAST_1, clients.region(), "a default region so local runs need no AWS setup");
        assertEquals(URI.create("http://127.0.0.1:8000"), clients.dynamoDbUrl());
        assertEquals(URI.create("http://127.0.0.1:9324"), clients.sqsUrl());
        assertInstanceOf(StaticCredentialsProvider.class, clients.credentials());
    }

    @Test
    void elsewhereUsesTheUsualProfileChain() {
        AwsClients clients = AwsClients.fromEnvironment(new Settings(Map.of("AWS_DEFAULT_REGION", "us-west-2")));
        assertEquals(Region.US_WEST_2, clients.region());
        assertInstanceOf(DefaultCredentialsProvider.class, clients.credentials());
    }
}
