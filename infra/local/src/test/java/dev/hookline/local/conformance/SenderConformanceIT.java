package dev.hookline.local.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.deliveries.DeliveryItems;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.json.Json;
import dev.hookline.core.signing.EndpointSecrets;
import dev.hookline.core.signing.SigningKey;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.lambda.CredentialsMode;
import dev.hookline.testing.lambda.LambdaProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sender's shaded jar under the Lambda runtime interface client, in both credential modes:
 * events/sender/sqs-event.json, put on the provisioned deliveries queue and received back, is
 * POSTed to a real HTTP sink, signed with the endpoint's secret derived from the signing key the
 * function read from Secrets Manager, and acknowledged.
 */
@ExtendWith(EmulatorsExtension.class)
class SenderConformanceIT {

    private record Received(Map<String, List<String>> headers, String body) {
    }

    @ParameterizedTest
    @EnumSource(CredentialsMode.class)
    void sampleDeliveryReachesTheSinkSigned(CredentialsMode mode, Emulators emulators) throws Exception {
        ConformanceSetup setup = ConformanceSetup.create(emulators);
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sink.createContext("/sink", exchange -> {
            try (exchange) {
                received.add(new Received(Map.copyOf(exchange.getRequestHeaders()),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(200, -1);
            } catch (IOException e) {
                throw e;
            }
        });
        sink.start();
        try {
            String sampleBody = Json.parseOrNull(ConformanceSetup.read("events/sender/sqs-event.json"))
                    .at("/Records/0/body").asText();
            DeliveryMessage message = DeliveryMessage.fromJson(sampleBody);
            Endpoint endpoint = new EndpointRegistry(emulators.dynamoDb(), setup.resources.endpointsTable(),
                    new EndpointUrlPolicy(true), Clock.systemUTC()).create(message.endpointId(),
                    "http://127.0.0.1:" + sink.getAddress().getPort() + "/sink", List.of("*"), null);
            emulators.dynamoDb().putItem(b -> b.tableName(setup.resources.deliveriesTable())
                    .item(DeliveryItems.pending(message, Instant.now())));
            String event = setup.sqsEventOnQueue("events/sender/sqs-event.json",
                    setup.resources.deliveriesQueueUrl());

            int mark = emulators.calls().size();
            // The sink is plain http on loopback: allowed as the local runtime allows it (template: https only).
            Map<String, String> local = Map.of(EnvVars.ALLOW_HTTP_ENDPOINTS, "true",
                    EnvVars.ALLOWED_PRIVATE_NETWORKS, "127.0.0.0/8");
            try (LambdaProcess sender = setup.start("sender", mode, local)) {
                JsonNode response = ConformanceSetup.payload(sender.invoke(event), sender);

                assertEquals(0, response.get("batchItemFailures").size(), response.toString());
                assertEquals(1, received.size(), "requests at the sink");
                Received request = received.get(0);
                assertEquals(message.payload(), request.body());
                assertEquals(List.of(message.messageId()), request.headers().get("Webhook-id"));
                String secret = new EndpointSecrets(SigningKey.parse(setup.signingKey))
                        .secret(endpoint.id(), endpoint.secretVersion());
                new Webhook(secret).verify(request.body(), Map.of(
                        "webhook-id", request.headers().get("Webhook-id"),
                        "webhook-timestamp", request.headers().get("Webhook-timestamp"),
                        "webhook-signature", request.headers().get("Webhook-signature")));
                Credentials.assertUsed(sender, ConformanceSetup.since(emulators, mark), mode, "dynamodb",
                        "secretsmanager");
            }
        } finally {
            sink.stop(0);
        }
    }
}
