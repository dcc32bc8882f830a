package dev.hookline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.config.FileConfigSource;
import dev.hookline.core.json.Json;
import dev.hookline.core.signing.EndpointSecrets;
import dev.hookline.core.signing.SigningKey;
import dev.hookline.core.signing.StandardWebhooks;
import dev.hookline.local.cli.HooklineCli;
import dev.hookline.local.support.Await;
import dev.hookline.local.support.Http;
import dev.hookline.local.support.TestConfig;
import dev.hookline.local.support.TestFunctions;
import dev.hookline.core.config.Settings;
import dev.hookline.testing.internal.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The runtime's own machinery with stand-in functions: the HTTP front door, the pollers (batches,
 * partial failures, redrive by ElasticMQ), the sinks' signature check, runtime.json and the CLI
 * commands that act on the tables and queues. hookline's real functions are exercised end to end
 * by {@link LocalRuntimeIT}.
 */
class LocalRuntimeMachineryIT {
    @TempDir
    static Path dir;
    static LocalRuntime runtime;
    static final TestFunctions functions = new TestFunctions();
    static Path configFile;

    @BeforeAll
    static void start() {
        int port = FreePorts.pick();
        configFile = TestConfig.writeFor(port, dir);
        runtime = LocalRuntime.start(LocalOptions.defaults(functions.functions())
                .withConfigFile(configFile).withPort(port).withDataDir(dir.resolve("data"))
                .withVisibilityTimeout(Duration.ofSeconds(1)).withSinkTimeoutHold(Duration.ofMillis(300)));
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

    @Test
    void turnsAWebhookRequestIntoAnApiGatewayEventAndWritesTheResponseBack() {
        HttpResponse<String> response = Http.post(url("/webhooks/stripe?a=1&a=2&b=x%20y"),
                Map.of("Content-Type", "application/json", "X-Custom", "v"), "{\"hello\":\"world\"}"
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(202, response.statusCode());
        assertEquals("yes", response.headers().firstValue("x-echo").orElse(null));
        JsonNode echo = Json.parseOrNull(response.body());
        assertEquals("POST", echo.get("method").asText());
        assertEquals("/webhooks/stripe", echo.get("rawPath").asText());
        assertEquals("a=1&a=2&b=x%20y", echo.get("rawQueryString").asText());
        assertEquals("1,2", echo.get("query").get("a").asText());
        assertEquals("x y", echo.get("query").get("b").asText());
        assertEquals("stripe", echo.get("source").asText());
        assertFalse(echo.get("isBase64Encoded").asBoolean());
        assertEquals("{\"hello\":\"world\"}", echo.get("body").asText());
        assertEquals("v", echo.get("headers").get("x-custom").asText());
    }

    @Test
    void passesOtherMethodsToTheReceiverSoItCanAnswer405() {
        assertEquals(405, Http.method(url("/webhooks/stripe"), "GET").statusCode());
        assertEquals(404, Http.method(url("/elsewhere"), "GET").statusCode());
    }

    @Test
    void pollerHandsBatchesToTheProcessorAndDeadLettersWhatKeepsFailing() {
        String ok = "{\"n\":\"ok-" + System.nanoTime() + "\"}";
        String bad = "{\"n\":\"fail-me-" + System.nanoTime() + "\"}";
        Http.post(url("/webhooks/generic"), Map.of("Content-Type", "application/json"), ok.getBytes(StandardCharsets.UTF_8));
        Http.post(url("/webhooks/generic"), Map.of("Content-Type", "application/json"), bad.getBytes(StandardCharsets.UTF_8));
        Await.until("the good record processed", Duration.ofSeconds(20), () -> functions.processed.contains(ok));
        // inbound's maxReceiveCount is 5: five failed receives, then ElasticMQ moves it to the DLQ.
        Await.until("the failing record received 5 times", Duration.ofSeconds(40),
                () -> functions.processed.stream().filter(bad::equals).count() >= 5);
        Await.until("the failing record in inbound-dlq", Duration.ofSeconds(20), () -> depth(runtime.resources()
                .inboundDlqUrl()) == 1);
        assertEquals(1, functions.processed.stream().filter(ok::equals).count(), "a success is deleted, not retried");

        // The CLI's redrive puts it back on inbound, where the processor sees it again.
        long before = functions.processed.stream().filter(bad::equals).count();
        Result redrive = cli("dlq", "redrive", "inbound", "--data-dir", runtime.dataDir().toString());
        assertEquals(0, redrive.code, redrive.err);
        assertTrue(redrive.out.contains("COMPLETED: moved 1"), redrive.out);
        Await.until("the redriven record processed again", Duration.ofSeconds(20),
                () -> functions.processed.stream().filter(bad::equals).count() > before);
    }

    @Test
    void sinkAcceptsOnlyDeliveriesSignedWithItsEndpointsDerivedSecret() {
        String key = new FileConfigSource(configFile).current().signingKey();
        String secret = new EndpointSecrets(SigningKey.parse(key)).secret("ep_demo", 1);
        String payload = "{\"type\":\"test.sink\",\"n\":" + System.nanoTime() + "}";
        StandardWebhooks.Headers signed = StandardWebhooks.sign("msg_sink_1", Instant.now(), payload, List.of(secret));
        Map<String, String> headers = Map.of("webhook-id", signed.id(), "webhook-timestamp", signed.timestamp(),
                "webhook-signature", signed.signature(), "content-type", "application/json");
        assertEquals(200, Http.post(url("/_sink/demo"), headers, payload.getBytes(StandardCharsets.UTF_8)).statusCode());

        String wrong = new EndpointSecrets(SigningKey.parse(key)).secret("ep_other", 1);
        StandardWebhooks.Headers forged = StandardWebhooks.sign("msg_sink_2", Instant.now(), payload, List.of(wrong));
        assertEquals(401, Http.post(url("/_sink/demo"), Map.of("webhook-id", forged.id(), "webhook-timestamp",
                forged.timestamp(), "webhook-signature", forged.signature()), payload.getBytes(StandardCharsets.UTF_8))
                .statusCode());
        assertEquals(500, Http.post(url("/_sink/demo?fail=500"), headers, payload.getBytes(StandardCharsets.UTF_8))
                .statusCode());
        assertEquals(410, Http.post(url("/_sink/demo?fail=410"), headers, payload.getBytes(StandardCharsets.UTF_8))
                .statusCode());
        assertEquals(400, Http.post(url("/_sink/demo?fail=abc"), headers, payload.getBytes(StandardCharsets.UTF_8))
                .statusCode());
        // No endpoint points at this sink: nothing to verify with.
        assertEquals(401, Http.post(url("/_sink/nobody"), headers, payload.getBytes(StandardCharsets.UTF_8))
                .statusCode());

        JsonNode listed = Json.parseOrNull(Http.get(url("/_sink/demo")).body());
        List<JsonNode> mine = new java.util.ArrayList<>();
        listed.get("deliveries").forEach(d -> {
            if (payload.equals(Json.write(d.get("body")).replace(" ", ""))
                    || d.get("body").path("n").asText().equals(Json.parseOrNull(payload).get("n").asText())) {
                mine.add(d);
            }
        });
        assertEquals(4, mine.size(), listed.toPrettyString());
        assertTrue(mine.get(0).get("signatureValid").asBoolean());
        assertEquals("200", mine.get(0).get("answered").asText());
        assertEquals("ep_demo", mine.get(0).get("endpointIds").get(0).asText());
        assertFalse(mine.get(1).get("signatureValid").asBoolean());
        assertEquals("401", mine.get(1).get("answered").asText());
        assertEquals("500", mine.get(2).get("answered").asText());
        assertEquals("410", mine.get(3).get("answered").asText());
    }

    @Test
    void sinkToldToTimeOutHoldsTheRequestBeforeAnswering() {
        long start = System.nanoTime();
        HttpResponse<String> held = Http.post(url("/_sink/slow?fail=timeout"), Map.of(), "{}".getBytes(
                StandardCharsets.UTF_8));
        assertEquals(504, held.statusCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 300, "held for the configured time");
        JsonNode listed = Json.parseOrNull(Http.get(url("/_sink/slow")).body());
        assertEquals("timeout", listed.get("deliveries").get(0).get("answered").asText());
    }

    @Test
    void sinkSecretFollowsARotationAndTheCliPrintsIt() {
        String dataDir = runtime.dataDir().toString();
        Result add = cli("endpoints", "add", "ep_rot", runtime.info().url() + "/_sink/rot", "--types", "a.*,b",
                "--data-dir", dataDir);
        assertEquals(0, add.code, add.err);
        Result before = cli("endpoints", "secret", "ep_rot", "--data-dir", dataDir);
        assertEquals(0, cli("endpoints", "rotate-secret", "ep_rot", "--data-dir", dataDir).code);
        Result after = cli("endpoints", "secret", "ep_rot", "--data-dir", dataDir);
        assertTrue(before.out.trim().startsWith("whsec_"));
        assertFalse(before.out.trim().equals(after.out.trim()), "rotation changes the current secret");

        // During the grace period the sink accepts both versions, as a receiver following the docs would.
        for (String secret : List.of(before.out.trim(), after.out.trim())) {
            StandardWebhooks.Headers s = StandardWebhooks.sign("msg_rot", Instant.now(), "{}", List.of(secret));
            assertEquals(200, Http.post(url("/_sink/rot"), Map.of("webhook-id", s.id(), "webhook-timestamp",
                    s.timestamp(), "webhook-signature", s.signature()), "{}".getBytes(StandardCharsets.UTF_8))
                    .statusCode());
        }
        Result show = cli("endpoints", "show", "ep_rot", "--data-dir", dataDir);
        assertTrue(show.out.contains("secret version: 2 (previous 1"), show.out);
        assertEquals(0, cli("endpoints", "disable", "ep_rot", "--data-dir", dataDir).code);
        assertTrue(cli("endpoints", "list", "--data-dir", dataDir).out.matches("(?s).*ep_rot\\s+DISABLED.*"));
        assertEquals(0, cli("endpoints", "enable", "ep_rot", "--data-dir", dataDir).code);
        assertTrue(cli("endpoints", "list", "--data-dir", dataDir).out.matches("(?s).*ep_rot\\s+ACTIVE.*"));

        Result missing = cli("endpoints", "show", "ep_nope", "--data-dir", dataDir);
        assertEquals(1, missing.code);
        assertTrue(missing.err.contains("endpoint 'ep_nope' does not exist"), missing.err);
        Result taken = cli("endpoints", "add", "ep_rot", "https://example.com/x", "--data-dir", dataDir);
        assertEquals(1, taken.code);
        assertTrue(taken.err.contains("already exists"), taken.err);
    }

    @Test
    void seedsTheConfigEndpointsAndWritesRuntimeJson() {
        assertTrue(Files.isRegularFile(RuntimeInfo.file(runtime.dataDir())));
        RuntimeInfo info = RuntimeInfo.read(runtime.dataDir());
        assertEquals(runtime.info(), info);
        assertTrue(info.alive());
        Result list = cli("endpoints", "list", "--data-dir", runtime.dataDir().toString());
        assertTrue(list.out.contains("ep_demo"), list.out);
        Result deliveries = cli("deliveries", "list", "--status", "dead", "--data-dir", runtime.dataDir().toString());
        assertEquals(0, deliveries.code, deliveries.err);
        assertTrue(deliveries.out.contains("no deliveries with status DEAD"), deliveries.out);
    }

    @Test
    void refusesASecondRuntimeOnTheSameDataDir() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> LocalRuntime.start(LocalOptions.defaults(functions.functions()).withConfigFile(configFile)
                        .withPort(0).withDataDir(runtime.dataDir())));
        assertTrue(e.getMessage().contains("already uses data dir"), e.getMessage());
    }

    private static int depth(String queueUrl) {
        var attrs = runtime.clients().sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attrs.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attrs.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    record Result(int code, String out, String err) {
    }

    static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = HooklineCli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new Settings(Map.of()));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
