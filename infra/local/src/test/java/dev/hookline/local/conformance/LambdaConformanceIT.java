package dev.hookline.local.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.SourceConfig;
import dev.hookline.core.deliveries.DeliveryItems;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.json.Json;
import dev.hookline.core.resources.ResourceProvisioner;
import dev.hookline.core.signing.EndpointSecrets;
import dev.hookline.core.signing.SigningKey;
import dev.hookline.local.cli.EventCommand;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.lambda.CredentialsMode;
import dev.hookline.testing.lambda.InvocationResult;
import dev.hookline.testing.lambda.LambdaFunction;
import dev.hookline.testing.lambda.LambdaProcess;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Each function's deployable artifact ({@code functions/<name>/target/hookline-<name>.jar}) run
 * as Lambda runs it: its own JVM under the real runtime interface client, against the harness's
 * Runtime API, with the java21 environment and template.yaml's variables, in both credential modes
 * (on demand: key variables; SnapStart: the container-credentials endpoint and no key variables).
 * The AWS proxy in front of the emulators shows which key id signed each call. One class, so the
 * emulators (and moto) start once for all of it.
 *
 * <ul>
 *   <li>receiver: one API Gateway event per signature scheme from events/ (github and shopify as
 *       committed, signed with receiver-test-config.json's secrets; the timestamped schemes re-signed
 *       now from events/payloads, as {@code hookline event} does): 202 each, all on the inbound queue;</li>
 *   <li>processor: events/processor/sqs-event.json, its records put on the provisioned inbound queue
 *       and received back (real ids and receipt handles): no batch item failure, one delivery queued;</li>
 *   <li>sender: events/sender/sqs-event.json on the deliveries queue: no failure, and a real HTTP sink
 *       got the payload signed with the endpoint's secret (checked with the Standard Webhooks library);</li>
 *   <li>the runtime's failure paths: an invocation the function throws on is posted to {@code /error}
 *       with its type; an init failure to {@code /init/error}, and the environment exits.</li>
 * </ul>
 */
@ExtendWith(EmulatorsExtension.class)
class LambdaConformanceIT {

    @ParameterizedTest
    @EnumSource(CredentialsMode.class)
    void receiverAcceptsEverySchemeAndQueuesIt(CredentialsMode mode, Emulators emulators) {
        ConformanceSetup setup = ConformanceSetup.create(emulators);
        Map<String, String> events = events(setup);

        int mark = emulators.calls().size();
        try (LambdaProcess receiver = setup.start("receiver", mode, Map.of())) {
            for (Map.Entry<String, String> event : events.entrySet()) {
                JsonNode response = ConformanceSetup.payload(receiver.invoke(event.getValue()), receiver);
                assertEquals(202, response.get("statusCode").asInt(), event.getKey() + ": " + response);
                assertEquals("accepted", Json.parseOrNull(response.get("body").asText()).get("status").asText());
            }
            Set<String> queuedSources = new TreeSet<>();
            for (Message message : emulators.sqs().receiveMessage(b -> b.queueUrl(setup.resources.inboundQueueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(1).messageAttributeNames("All")).messages()) {
                queuedSources.add(message.messageAttributes().get("source").stringValue());
            }
            assertEquals(new TreeSet<>(events.keySet()), queuedSources);
            Credentials.assertUsed(receiver, ConformanceSetup.since(emulators, mark), mode, "dynamodb", "sqs",
                    "secretsmanager");
        }
    }

    /**
     * api: the deploy-time admin key (hk_ + the AdminKeySecret value, read from Secrets Manager) lists
     * the default tenant it creates; the OpenAPI document needs no key; a wrong key gets 401.
     */
    @ParameterizedTest
    @EnumSource(CredentialsMode.class)
    void apiAcceptsTheDeployTimeAdminKeyAndServesV1(CredentialsMode mode, Emulators emulators) {
        ConformanceSetup setup = ConformanceSetup.create(emulators);
        new ResourceProvisioner(emulators.dynamoDb(), emulators.sqs())
                .provisionApi(setup.resources.eventsTable().replace("events", ""));

        int mark = emulators.calls().size();
        try (LambdaProcess api = setup.start("api", mode, Map.of())) {
            JsonNode tenant = ConformanceSetup.payload(api.invoke(apiEvent("GET", "/v1/tenants/default",
                    "hk_" + setup.adminKeyValue)), api);
            assertEquals(200, tenant.get("statusCode").asInt(), tenant.toString());
            assertEquals("default", Json.parseOrNull(tenant.get("body").asText()).get("id").asText());
            JsonNode document = ConformanceSetup.payload(api.invoke(apiEvent("GET", "/v1/openapi.json", null)), api);
            assertEquals(200, document.get("statusCode").asInt());
            assertEquals("3.1.0", Json.parseOrNull(document.get("body").asText()).get("openapi").asText());
            JsonNode refused = ConformanceSetup.payload(api.invoke(apiEvent("GET", "/v1/keys",
                    "hk_" + setup.adminKeyValue + "x")), api);
            assertEquals(401, refused.get("statusCode").asInt());
            Credentials.assertUsed(api, ConformanceSetup.since(emulators, mark), mode, "dynamodb", "secretsmanager");
        }
    }

    /** An API Gateway HTTP API (payload 2.0) event for the api function's route on the prod stage. */
    private static String apiEvent(String method, String path, String key) {
        var event = Json.object().put("version", "2.0").put("routeKey", "ANY /v1/{proxy+}")
                .put("rawPath", "/prod" + path).put("rawQueryString", "").put("isBase64Encoded", false);
        var headers = event.putObject("headers").put("accept", "application/json");
        if (key != null) {
            headers.put("authorization", "Bearer " + key);
        }
        event.putObject("pathParameters").put("proxy", path.substring("/v1/".length()));
        var context = event.putObject("requestContext").put("stage", "prod").put("requestId", "conformance")
                .put("routeKey", "ANY /v1/{proxy+}");
        context.putObject("http").put("method", method).put("path", "/prod" + path).put("protocol", "HTTP/1.1")
                .put("sourceIp", "192.0.2.1");
        return Json.write(event);
    }

    /** Source name to API Gateway event: every scheme of infra/local/hookline.json. */
    private static Map<String, String> events(ConformanceSetup setup) {
        Map<String, String> events = new LinkedHashMap<>();
        events.put("github", ConformanceSetup.read("events/receiver/github.json"));
        events.put("shopify", ConformanceSetup.read("events/receiver/shopify.json"));
        Instant now = Instant.now();
        for (String source : new String[] {"stripe", "slack", "acme", "generic"}) {
            SourceConfig config = setup.config.source(source).orElseThrow();
            byte[] payload = ConformanceSetup.read("events/payloads/" + source + ".json").getBytes(StandardCharsets.UTF_8);
            events.put(source, EventCommand.signedEvent(config, payload, null, null, now));
        }
        assertTrue(events.size() == 6, "one event per scheme");
        return events;
    }

    @ParameterizedTest
    @EnumSource(CredentialsMode.class)
    void processorRoutesTheSampleEventAndFansItOut(CredentialsMode mode, Emulators emulators) {
        ConformanceSetup setup = ConformanceSetup.create(emulators);
        new EndpointRegistry(emulators.dynamoDb(), setup.resources.endpointsTable(), new EndpointUrlPolicy(false),
                Clock.systemUTC()).create("ep_billing", "https://billing.example.com/hook", List.of("invoice.*"), null);
        String event = setup.sqsEventOnQueue("events/processor/sqs-event.json", setup.resources.inboundQueueUrl());

        int mark = emulators.calls().size();
        try (LambdaProcess processor = setup.start("processor", mode, Map.of())) {
            JsonNode response = ConformanceSetup.payload(processor.invoke(event), processor);

            assertEquals(0, response.get("batchItemFailures").size(), response.toString());
            List<DeliveryMessage> deliveries = emulators.sqs().receiveMessage(b -> b
                            .queueUrl(setup.resources.deliveriesQueueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages().stream().map(m -> DeliveryMessage.fromJson(m.body())).toList();
            assertEquals(List.of("stripe#evt_1QsampleInvoiceFailed/ep_billing"),
                    deliveries.stream().map(DeliveryMessage::deliveryId).toList());
            Credentials.assertUsed(processor, ConformanceSetup.since(emulators, mark), mode, "dynamodb", "sqs");
        }
    }

    private record Received(Map<String, List<String>> headers, String body) {
    }

    @ParameterizedTest
    @EnumSource(CredentialsMode.class)
    void senderDeliversTheSampleSignedToARealSink(CredentialsMode mode, Emulators emulators) throws Exception {
        ConformanceSetup setup = ConformanceSetup.create(emulators);
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sink.createContext("/sink", exchange -> {
            try (exchange) {
                received.add(new Received(Map.copyOf(exchange.getRequestHeaders()),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(200, -1);
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

    @Test
    void anInvocationTheFunctionThrowsOnIsPostedToTheErrorEndpointWithItsType(Emulators emulators) {
        ConformanceSetup setup = ConformanceSetup.create(emulators);
        try (LambdaProcess processor = setup.start("processor", CredentialsMode.ON_DEMAND, Map.of())) {
            // Records must be a list: the runtime's deserialisation of the SQSEvent parameter throws.
            InvocationResult result = processor.invoke("{\"Records\":\"not a list\"}");

            assertTrue(result.failed(), "error expected, got " + result.payload());
            assertNotNull(result.errorType());
            JsonNode error = Json.parseOrNull(result.error());
            assertNotNull(error, result.error());
            assertTrue(error.path("errorType").asText().contains("Exception"), result.error());
            assertTrue(processor.runtimeApi().requests().contains(
                    "POST /2018-06-01/runtime/invocation/" + result.requestId() + "/error"));
            // The environment survives an invocation error: the next event is handled normally.
            JsonNode next = ConformanceSetup.payload(processor.invoke("{\"Records\":[]}"), processor);
            assertEquals(0, next.get("batchItemFailures").size());
        }
    }

    @Test
    void anInitFailureIsPostedToTheInitErrorEndpointAndTheEnvironmentExits(Emulators emulators) {
        ConformanceSetup setup = ConformanceSetup.create(emulators);
        Map<String, String> variables = new HashMap<>(setup.variables("receiver", Map.of()));
        variables.remove(EnvVars.EVENTS_TABLE);
        try (LambdaProcess receiver = LambdaProcess.start(LambdaFunction.hookline("receiver", ConformanceSetup.ROOT),
                CredentialsMode.ON_DEMAND, variables, System.out)) {
            InvocationResult result = receiver.invoke("{}");

            assertTrue(result.failed());
            assertTrue(receiver.runtimeApi().requests().contains("POST /2018-06-01/runtime/init/error"),
                    receiver.runtimeApi().requests().toString());
            assertTrue(receiver.runtimeApi().initError().isDone());
            assertTrue(receiver.output().contains(EnvVars.EVENTS_TABLE), "the log names the missing variable");
            Optional<Integer> exit = receiver.awaitExit(Duration.ofSeconds(10));
            assertTrue(exit.isPresent() && exit.get() != 0, "the environment exits after an init error: " + exit);
        }
    }
}
