package dev.hookline.testing.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The SnapStart credentials endpoint, checked with the AWS SDK's own ContainerCredentialsProvider
 * (what a function's default chain uses when AWS_CONTAINER_CREDENTIALS_FULL_URI is set; the SDK
 * also reads the same settings from system properties, used here to stay in one JVM).
 */
class ContainerCredentialsServerTest {
    private final ContainerCredentialsServer server = ContainerCredentialsServer.start("receiver.snapstart",
            "secret", "session");

    @AfterEach
    void close() {
        System.clearProperty("aws.containerCredentialsFullUri");
        System.clearProperty("aws.containerAuthorizationToken");
        server.close();
    }

    @Test
    void theSdkGetsTheCredentialsWithTheToken() {
        System.setProperty("aws.containerCredentialsFullUri", server.uri().toString());
        System.setProperty("aws.containerAuthorizationToken", server.authorizationToken());
        try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build()) {
            AwsSessionCredentials credentials = (AwsSessionCredentials) provider.resolveCredentials();
            assertEquals("receiver.snapstart", credentials.accessKeyId());
            assertEquals("secret", credentials.secretAccessKey());
            assertEquals("session", credentials.sessionToken());
        }
        assertEquals(1, server.served());
        assertEquals(0, server.refused());
    }

    @Test
    void aWrongOrMissingTokenIsRefused() throws Exception {
        System.setProperty("aws.containerCredentialsFullUri", server.uri().toString());
        System.setProperty("aws.containerAuthorizationToken", "not-the-token");
        try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build()) {
            assertThrows(SdkClientException.class, provider::resolveCredentials);
        }
        HttpResponse<String> bare = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, bare.statusCode());
        assertEquals(0, server.served());
        assertEquals(true, server.refused() >= 2);
        HttpResponse<String> otherPath = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.uri().resolve("/other").toString())).header("Authorization", server.authorizationToken())
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, otherPath.statusCode());
    }
}
