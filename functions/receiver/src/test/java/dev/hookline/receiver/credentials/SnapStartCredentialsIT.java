package dev.hookline.receiver.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpServer;
import dev.hookline.core.aws.AwsClients;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.Settings;
import dev.hookline.core.log.JsonLog;
import dev.hookline.core.metrics.Metrics;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.receiver.ReceiverHandler;
import dev.hookline.receiver.ReceiverOptions;
import dev.hookline.receiver.testing.Requests;
import dev.hookline.receiver.testing.Signers;
import dev.hookline.receiver.testing.TestConfig;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.LocalContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The receiver with the credentials Lambda gives a SnapStart function: no key variables, a
 * container-credentials endpoint (a real HTTP server here) that answers only requests carrying
 * the authorization token. The SDK reads {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} itself (system property first, then the environment),
 * and a JVM cannot set its own environment, so the test sets the system properties the SDK
 * documents for them, and hands hookline the same values as its environment.
 */
@ExtendWith(EmulatorsExtension.class)
class SnapStartCredentialsIT {
    private static final String TOKEN = "snapstart-token-" + UUID.randomUUID();
    /**
     * The key id names the function, as the harness's recording proxy expects. Plain "receiver"
     * rather than "receiver.snapstart": DynamoDB Local 2.x refuses key ids that are not letters and
     * digits, and this test may run against it directly.
     */
    private static final String KEY_ID = "receiver";

    private static Emulators emulators;
    private static HooklineResources resources;

    private HttpServer credentialsServer;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeAll
    static void provision(Emulators given) {
        emulators = given;
        resources = given.provision();
    }

    @BeforeEach
    void startCredentialsEndpoint() throws IOException {
        credentialsServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        credentialsServer.createContext("/2021-04-23/credentials", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(authorization));
            byte[] body;
            int status;
            if (TOKEN.equals(authorization)) {
                status = 200;
                body = ("{\"AccessKeyId\":\"" + KEY_ID + "\",\"SecretAccessKey\":\"secret\",\"Token\":\"session\","
                        + "\"Expiration\":\"" + Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
                        + "\"}").getBytes(StandardCharsets.UTF_8);
            } else {
                status = 401;
                body = "{\"message\":\"unauthorized\"}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        credentialsServer.start();
    }

    @AfterEach
    void stop() {
        credentialsServer.stop(0);
        System.clearProperty("aws.containerCredentialsFullUri");
        System.clearProperty("aws.containerAuthorizationToken");
    }

    /** The environment of a SnapStart receiver, pointed at the emulators. */
    private Settings snapStartEnvironment(String token) {
        String uri = "http://127.0.0.1:" + credentialsServer.getAddress().getPort() + "/2021-04-23/credentials";
        System.setProperty("aws.containerCredentialsFullUri", uri);
        System.setProperty("aws.containerAuthorizationToken", token);
        return new Settings(Map.of(
                "AWS_LAMBDA_FUNCTION_NAME", "receiver",
                "AWS_REGION", "us-east-1",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", uri,
                "AWS_CONTAINER_AUTHORIZATION_TOKEN", token,
                EnvVars.ENDPOINT_URL_DYNAMODB, emulators.dynamoDbEndpoint().toString(),
                EnvVars.ENDPOINT_URL_SQS, emulators.sqsEndpoint().toString()));
    }

    private APIGatewayV2HTTPResponse receive(AwsClients clients) {
        Clock clock = Clock.systemUTC();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        ReceiverHandler handler = new ReceiverHandler(TestConfig.source(), clients.dynamoDb(), clients.sqs(),
                resources.eventsTable(), resources.inboundQueueUrl(), clock, ReceiverOptions.defaults(),
                new JsonLog("receiver", out, clock, false), new Metrics("receiver", out, clock));
        byte[] body = "{\"action\":\"opened\"}".getBytes(StandardCharsets.UTF_8);
        return handler.handleRequest(Requests.post("github", Map.of(
                "X-Hub-Signature-256", Signers.github(TestConfig.GITHUB_SECRET, body),
                "X-GitHub-Delivery", UUID.randomUUID().toString(), "X-GitHub-Event", "issues"), body),
                new LocalContext("receiver"));
    }

    @Test
    void aSnapStartReceiverSignsWithTheContainerCredentialsAndAccepts() {
        AwsClients clients = AwsClients.fromEnvironment(snapStartEnvironment(TOKEN));

        APIGatewayV2HTTPResponse response = receive(clients);

        assertEquals(202, response.getStatusCode(), response.getBody() + "\n" + output);
        assertTrue(authorizations.contains(TOKEN), "the endpoint was asked with the token: " + authorizations);
        assertEquals(KEY_ID, clients.credentials().resolveCredentials().accessKeyId(),
                "the credentials in use are the ones the endpoint served");
    }

    @Test
    void withoutTheRightTokenNoCredentialsAndA503NotASilentFallback() {
        AwsClients clients = AwsClients.fromEnvironment(snapStartEnvironment("wrong-token"));

        APIGatewayV2HTTPResponse response = receive(clients);

        // The claim cannot be signed: 503, so the provider retries; nothing else was probed.
        assertEquals(503, response.getStatusCode(), response.getBody());
        assertTrue(!authorizations.isEmpty() && authorizations.stream().allMatch("wrong-token"::equals),
                "the endpoint was asked, with the token given: " + authorizations);
    }
}
