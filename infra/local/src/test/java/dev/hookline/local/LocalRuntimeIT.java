package dev.hookline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.FileConfigSource;
import dev.hookline.core.config.HooklineConfig;
import dev.hookline.core.config.Settings;
import dev.hookline.core.config.SourceConfig;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.json.Json;
import dev.hookline.core.signing.EndpointSecrets;
import dev.hookline.core.signing.SigningKey;
import dev.hookline.local.cli.HooklineCli;
import dev.hookline.local.cli.WebhookSigner;
import dev.hookline.local.support.Await;
import dev.hookline.local.support.Http;
import dev.hookline.local.support.TestConfig;
import dev.hookline.testing.internal.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * hookline end to end on the local runtime, with the real receiver, processor and sender, over
 * real HTTP: a signed webhook per scheme in, a Standard Webhooks delivery out (checked with the
 * spec's own Java library and the endpoint's derived secret); dedupe; and a failing endpoint's
 * retries, dead-lettering and redrive.
 */
class LocalRuntimeIT {
    /** Three attempts a second apart: the whole retry story in a few seconds. */
    private static final Map<String, String> FAST = Map.of(
            EnvVars.BACKOFF_SCHEDULE, "1s,1s",
            EnvVars.ENDPOINT_CACHE_SECONDS, "0",
            EnvVars.CIRCUIT_FAILURE_THRESHOLD, "100");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static LocalRuntime runtime;
    static HooklineConfig config;

    @BeforeAll
    static void start() {
        int port = FreePorts.pick();
        Path configFile = TestConfig.writeFor(port, dir);
        config = new FileConfigSource(configFile).current();
        runtime = LocalRuntime.start(LocalOptions.defaults(Functions.hookline()).withConfigFile(configFile)
                .withPort(port).withDataDir(dir.resolve("data")).withEnvironment(FAST)
                .withVisibilityTimeout(Duration.ofSeconds(20)));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static URI url(String path) {
        return URI.create(runtime.info().url() + path);
    }

    private static Path payload(String source) {
        Path here = Path.of("").toAbsolutePath();
        Path file = here.resolve("../../events/payloads/" + source + ".json").normalize();
        return Files.isRegularFile(file) ? file : here.resolve("events/payloads/" + source + ".json");
    }

    private static String typeHeader(SourceConfig source) {
        return switch (source.scheme()) {
            case GITHUB -> "issues";
            case SHOPIFY -> "orders/create";
            default -> null;
        };
    }

    /** Signs a sample payload as the source's provider would, with a fresh event id, and POSTs it. */
    private static HttpResponse<String> send(String sourceName, String eventId) {
        SourceConfig source = config.source(sourceName).orElseThrow();
        try {
            // A marker in the body: the delivery's data is the inbound body, so the sink's copy can be found by it.
            var body = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parseOrNull(
                    Files.readAllBytes(payload(sourceName)));
            body.put("test_marker", eventId);
            WebhookSigner.SignedRequest signed = WebhookSigner.sign(source,
                    Json.write(body).getBytes(StandardCharsets.UTF_8), typeHeader(source), eventId, Instant.now());
            return Http.post(url("/webhooks/" + sourceName), signed.headers(), signed.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> sink(String name) {
        List<JsonNode> list = new ArrayList<>();
        Json.parseOrNull(Http.get(url("/_sink/" + name)).body()).get("deliveries").forEach(list::add);
        return list;
    }

    private static List<JsonNode> deliveriesOf(String name, String source, String eventId) {
        return sink(name).stream().filter(d -> d.path("body").path("source").asText().equals(source)
                && d.path("body").path("data").path("test_marker").asText().equals(eventId)).toList();
    }

    private static String secret(String endpointId) {
        return new EndpointSecrets(SigningKey.parse(config.signingKey())).secret(endpointId, 1);
    }

    /** Verifies with the Standard Webhooks reference library, not our own code. */
    private static void assertValidStandardWebhook(JsonNode delivery, String secret) throws Exception {
        new Webhook(secret).verify(delivery.get("rawBody").asText(), Map.of(
                "webhook-id", List.of(delivery.get("webhookId").asText()),
                "webhook-timestamp", List.of(delivery.get("webhookTimestamp").asText()),
                "webhook-signature", List.of(delivery.get("webhookSignature").asText())));
    }

    @Test
    void deliversAWebhookOfEverySchemeSignedWithTheEndpointsSecret() throws Exception {
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        for (String source : config.sources().keySet()) {
            String id = "it_" + source + "_" + UUID.randomUUID().toString().substring(0, 8);
            ids.put(source, id);
            HttpResponse<String> response = send(source, id);
            assertEquals(202, response.statusCode(), source + ": " + response.body());
        }
        assertEquals(6, ids.size(), "the sample config has a source per scheme");
        for (var entry : ids.entrySet()) {
            List<JsonNode> got = Await.value(entry.getKey() + " delivered to the demo sink", WAIT,
                    () -> deliveriesOf("demo", entry.getKey(), entry.getValue()), l -> !l.isEmpty());
            JsonNode delivery = got.get(0);
            assertEquals("200", delivery.get("answered").asText(), delivery.toPrettyString());
            assertTrue(delivery.get("signatureValid").asBoolean());
            assertValidStandardWebhook(delivery, secret("ep_demo"));
            JsonNode body = delivery.get("body");
            assertEquals(entry.getKey(), body.get("source").asText());
            assertTrue(body.hasNonNull("type") && body.hasNonNull("timestamp") && body.has("data"), body.toString());
        }
    }

    @Test
    void acceptsADuplicateWithoutDeliveringItTwice() {
        String id = "evt_dup_" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(202, send("stripe", id).statusCode());
        HttpResponse<String> again = send("stripe", id);
        assertEquals(200, again.statusCode(), again.body());
        assertEquals("duplicate", Json.parseOrNull(again.body()).get("status").asText());

        Await.until("the first copy delivered", WAIT, () -> !deliveriesOf("demo", "stripe", id).isEmpty());
        // A later event overtaking nothing: once it is delivered, a second copy would have been too.
        String marker = "evt_marker_" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(202, send("stripe", marker).statusCode());
        Await.until("the marker delivered", WAIT, () -> !deliveriesOf("demo", "stripe", marker).isEmpty());
        assertEquals(1, deliveriesOf("demo", "stripe", id).size(), "one delivery for one event");
    }

    @Test
    void refusesBadSignaturesAndUnknownSourcesOverHttp() {
        HttpResponse<String> forged = Http.post(url("/webhooks/stripe"), Map.of("Content-Type", "application/json",
                "Stripe-Signature", "t=" + Instant.now().getEpochSecond() + ",v1=" + "00".repeat(32)),
                "{\"id\":\"evt_forged\",\"type\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, forged.statusCode());
        assertEquals(404, Http.post(url("/webhooks/paypal"), Map.of(), "{}".getBytes(StandardCharsets.UTF_8))
                .statusCode());
        assertEquals(405, Http.method(url("/webhooks/stripe"), "GET").statusCode());
    }

    /** Publish through /v1, processor and sender as for a webhook, and the endpoint's sink receives it. */
    @Test
    void aPublishedEventIsDeliveredToARealSinkAndCanBeReplayed() throws Exception {
        EndpointRegistry registry = new EndpointRegistry(runtime.clients().dynamoDb(),
                runtime.resources().endpointsTable(), new EndpointUrlPolicy(true), Clock.systemUTC());
        registry.create("ep_published", runtime.info().url() + "/_sink/published", List.of("published.*"), null);
        String adminKey = Files.readString(dir.resolve("data").resolve(
                dev.hookline.local.internal.LocalAdminKey.FILE)).trim();
        Map<String, String> headers = Map.of("authorization", "Bearer " + adminKey,
                "content-type", "application/json");
        String marker = UUID.randomUUID().toString();
        HttpResponse<String> published = Http.post(url("/v1/tenants/default/events"), headers,
                ("{\"type\":\"published.test\",\"id\":\"pub_" + marker.substring(0, 8) + "\",\"data\":{\"marker\":\""
                        + marker + "\"}}").getBytes(StandardCharsets.UTF_8));
        assertEquals(202, published.statusCode(), published.body());
        String id = Json.parseOrNull(published.body()).path("id").asText();
        JsonNode delivered = Await.value("the published event at the sink", WAIT, () -> sink("published").stream()
                .filter(d -> d.path("body").path("data").path("marker").asText().equals(marker)).findFirst()
                .orElse(null), d -> d != null);
        assertEquals("published.test", delivered.path("body").path("type").asText());
        assertEquals("tenant:default", delivered.path("body").path("source").asText());

        HttpResponse<String> replayed = Http.post(url("/v1/tenants/default/events/" + id + "/replay"), headers,
                new byte[0]);
        assertEquals(202, replayed.statusCode(), replayed.body());
        Await.until("the replay at the sink", WAIT, () -> sink("published").stream()
                .filter(d -> d.path("body").path("data").path("marker").asText().equals(marker)).count() == 2);
    }

    @Test
    void retriesAFailingEndpointDeadLettersTheDeliveryAndRedrivesIt() throws Exception {
        EndpointRegistry registry = new EndpointRegistry(runtime.clients().dynamoDb(),
                runtime.resources().endpointsTable(), new EndpointUrlPolicy(true), Clock.systemUTC());
        registry.create("ep_flaky", runtime.info().url() + "/_sink/flaky?fail=500", List.of("flaky.*"), null);
        Path payload = dir.resolve("flaky.json");
        Files.writeString(payload, "{\"type\":\"flaky.test\",\"data\":{\"n\":1}}");
        SourceConfig acme = config.source("acme").orElseThrow();
        String id = "msg_flaky_" + UUID.randomUUID().toString().substring(0, 8);
        WebhookSigner.SignedRequest signed = WebhookSigner.sign(acme, Files.readAllBytes(payload), null, id,
                Instant.now());
        assertEquals(202, Http.post(url("/webhooks/acme"), signed.headers(), signed.body()).statusCode());

        // MAX_ATTEMPTS follows the schedule: 2 waits, so 3 attempts, each answered 500, then the DLQ.
        Await.until("3 failed attempts", WAIT, () -> sink("flaky").size() >= 3);
        Await.until("the delivery in deliveries-dlq", WAIT, () -> depth(runtime.resources().deliveriesDlqUrl()) == 1);
        assertEquals(3, sink("flaky").size(), "no attempt beyond the budget");
        sink("flaky").forEach(d -> assertEquals("500", d.get("answered").asText()));
        String deliveryId = "acme#" + id + "/ep_flaky";
        String dead = cli("deliveries", "list", "--status", "DEAD", "--endpoint", "ep_flaky");
        assertTrue(dead.contains(deliveryId), dead);
        String shown = cli("deliveries", "show", deliveryId);
        assertTrue(shown.contains("\"status\" : \"DEAD\""), shown);
        assertTrue(shown.contains("\"statusCode\" : 500"), "whole numbers print as such: " + shown);

        // The endpoint is fixed; the operator redrives.
        registry.updateUrl("ep_flaky", runtime.info().url() + "/_sink/flaky");
        String redrive = cli("dlq", "redrive", "deliveries");
        assertTrue(redrive.contains("moved 1 message(s)") && redrive.contains("1 dead or skipped deliveries will run again"),
                redrive);
        JsonNode ok = Await.value("the redriven delivery accepted", WAIT, () -> sink("flaky"),
                l -> l.stream().anyMatch(d -> d.get("answered").asText().equals("200"))).stream()
                .filter(d -> d.get("answered").asText().equals("200")).findFirst().orElseThrow();
        assertValidStandardWebhook(ok, secret("ep_flaky"));
        assertEquals("flaky.test", ok.get("body").get("type").asText());
        Await.until("the record SUCCEEDED", WAIT, () -> cli("deliveries", "list", "--status", "SUCCEEDED",
                "--endpoint", "ep_flaky").contains(deliveryId));
        assertEquals(0, depth(runtime.resources().deliveriesDlqUrl()));
    }

    private static int depth(String queueUrl) {
        var attrs = runtime.clients().sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attrs.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attrs.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** Runs a CLI command in this JVM against the runtime; fails the test on a non-zero exit. */
    private static String cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", runtime.dataDir().toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = HooklineCli.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new Settings(Map.of()));
        assertEquals(0, code, String.join(" ", args) + ": " + err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
