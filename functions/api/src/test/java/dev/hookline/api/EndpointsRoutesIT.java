package dev.hookline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.api.ApiClient.Result;
import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointStatus;
import dev.hookline.core.signing.EndpointSecrets;
import dev.hookline.core.signing.SigningKey;
import dev.hookline.core.signing.StandardWebhooks;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The endpoint routes against DynamoDB Local (and moto for the signing key), a real HTTP sink for
 * the test route, every answer checked against openapi.yaml by {@link ApiClient}.
 */
@ExtendWith(EmulatorsExtension.class)
class EndpointsRoutesIT {
    private static ApiFixture fx;
    private static ApiClient api;
    private static String admin;
    private static Sink sink;

    @BeforeAll
    static void start(Emulators emulators) throws IOException {
        fx = new ApiFixture(emulators);
        api = fx.client;
        admin = fx.adminKey;
        sink = new Sink();
    }

    @AfterAll
    static void stop() {
        sink.close();
    }

    private static String base(String tenant) {
        return "/v1/tenants/" + tenant + "/endpoints";
    }

    private static JsonNode create(String tenant, String key, String body) {
        Result created = api.call("POST", base(tenant), key, body);
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    @Test
    void createGetListUpdateDeleteRoundTrip() {
        String key = fx.tenantWithKey("crud");
        JsonNode made = create("crud", key, "{\"url\":\"" + sink.url("/crud") + "\",\"description\":\"orders\","
                + "\"metadata\":{\"team\":\"billing\"},\"headers\":{\"X-Team\":\"billing\"}}");
        String id = made.get("id").asText();
        assertTrue(id.matches("ep_[a-z2-7]{16}"), id);
        assertEquals("crud", made.get("tenant").asText());
        assertEquals("[\"*\"]", made.get("eventTypes").toString(), "types default to everything");
        assertEquals("ACTIVE", made.get("status").asText());
        assertEquals("billing", made.at("/headers/X-Team").asText());

        Endpoint stored = fx.harnessEndpoints.require(id);
        assertEquals("crud", stored.tenant());
        assertEquals("billing", stored.metadata().get("team"));

        assertEquals(made, api.call("GET", base("crud") + "/" + id, key, null).json());
        JsonNode page = api.call("GET", base("crud"), key, null).json();
        assertEquals(1, page.get("data").size());
        assertTrue(page.get("next").isNull());

        Result patched = api.call("PATCH", base("crud") + "/" + id, key,
                "{\"eventTypes\":[\"order.*\"],\"description\":null,\"headers\":{}}");
        assertEquals(200, patched.status(), patched.body());
        assertEquals("[\"order.*\"]", patched.json().get("eventTypes").toString());
        assertFalse(patched.json().has("description"), "null removes the description");
        assertEquals(0, patched.json().get("headers").size());
        assertEquals("billing", patched.json().at("/metadata/team").asText(), "fields not named stay");

        assertEquals(204, api.call("DELETE", base("crud") + "/" + id, key, null).status());
        assertEquals(404, api.call("GET", base("crud") + "/" + id, key, null).status());
        assertEquals(404, api.call("DELETE", base("crud") + "/" + id, key, null).status());
    }

    @Test
    void badInputsAreRefusedNamingTheField() {
        String key = fx.tenantWithKey("bad");
        assertField("url", api.call("POST", base("bad"), key, "{}"));
        assertField("url", api.call("POST", base("bad"), key, "{\"url\":\"ftp://example.com/x\"}"));
        assertField("url", api.call("POST", base("bad"), key, "{\"url\":\"https://user:pw@example.com/x\"}"));
        // The sender's SSRF rules: private, link-local (cloud metadata) and other non-public addresses,
        // in any spelling, are refused when the URL is set (only 127/8 is allowed in this deployment).
        for (String host : List.of("10.0.0.1", "169.254.169.254", "192.168.1.1", "[::ffff:10.0.0.1]", "0x0a000001")) {
            assertField("url", api.call("POST", base("bad"), key, "{\"url\":\"http://" + host + "/hook\"}"));
        }
        String url = "\"url\":\"" + sink.url("/bad") + "\"";
        assertField("eventTypes[1]", api.call("POST", base("bad"), key, "{" + url + ",\"eventTypes\":[\"a.b\",\"a.*.b\"]}"));
        assertField("eventTypes", api.call("POST", base("bad"), key, "{" + url + ",\"eventTypes\":[]}"));
        assertField("headers.webhook-signature", api.call("POST", base("bad"), key,
                "{" + url + ",\"headers\":{\"webhook-signature\":\"v1,forged\"}}"));
        assertField("headers.Host", api.call("POST", base("bad"), key, "{" + url + ",\"headers\":{\"Host\":\"x\"}}"));
        assertField("headers.X-Bad", api.call("POST", base("bad"), key, "{" + url + ",\"headers\":{\"X-Bad\":\"a\\r\\nb\"}}"));
        assertField("metadata.n", api.call("POST", base("bad"), key, "{" + url + ",\"metadata\":{\"n\":1}}"));
        assertField("colour", api.call("POST", base("bad"), key, "{" + url + ",\"colour\":\"red\"}"));
        assertEquals(400, api.call("POST", base("bad"), key, "{" + url).status(), "malformed JSON");
        assertEquals(413, api.call("POST", base("bad"), key, "{\"url\":\"" + "x".repeat(70_000) + "\"}").status());

        String id = create("bad", key, "{" + url + "}").get("id").asText();
        assertField("url", api.call("PATCH", base("bad") + "/" + id, key, "{\"url\":\"http://10.1.2.3/\"}"));
        assertField("force", api.call("POST", base("bad") + "/" + id + "/pause", key, "{\"force\":true}"));
        assertEquals(sink.url("/bad"), fx.harnessEndpoints.require(id).url(), "a refused change changes nothing");
        assertEquals(List.of(), fx.harnessEndpoints.list("bad", 10, null).items().stream()
                .filter(e -> !e.id().equals(id)).toList(), "no refused create left an endpoint");
    }

    @Test
    void loopbackIsRefusedNamingUrlWhereTheDeploymentDoesNotAllowIt(Emulators emulators) {
        ApiFixture strict = new ApiFixture(emulators, null, List.of());
        for (String url : List.of(sink.url("/x"), "http://localhost/x", "http://2130706433/x", "http://[::1]/x",
                "http://0177.0.0.1/x")) {
            assertField("url", strict.client.call("POST", base("default"), strict.adminKey, "{\"url\":\"" + url + "\"}"));
        }
        assertEquals(0, strict.harnessEndpoints.list("default", 10, null).items().size());
    }

    private static void assertField(String field, Result result) {
        assertEquals(400, result.status(), result.body());
        List<String> fields = new ArrayList<>();
        result.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertTrue(fields.contains(field), field + " in " + result.body());
    }

    @Test
    void anotherTenantsEndpointReadsAsMissingOnEveryRoute() {
        String keyA = fx.tenantWithKey("iso-a");
        String keyB = fx.tenantWithKey("iso-b");
        String theirs = create("iso-b", keyB, "{\"url\":\"" + sink.url("/iso") + "\"}").get("id").asText();
        create("iso-a", keyA, "{\"url\":\"" + sink.url("/iso-a") + "\"}");
        String one = base("iso-a") + "/";
        List<String[]> calls = List.of(new String[] {"GET", ""}, new String[] {"PATCH", ""},
                new String[] {"DELETE", ""}, new String[] {"POST", "/enable"}, new String[] {"POST", "/disable"},
                new String[] {"POST", "/pause"}, new String[] {"POST", "/resume"}, new String[] {"POST", "/rotate-secret"},
                new String[] {"GET", "/secret"}, new String[] {"POST", "/test"});
        for (String[] call : calls) {
            String body = call[0].equals("PATCH") ? "{\"description\":\"mine now\"}" : null;
            Result other = api.call(call[0], one + theirs + call[1], keyA, body);
            Result missing = api.call(call[0], one + "ep_aaaaaaaaaaaaaaaa" + call[1], keyA, body);
            assertEquals(404, other.status(), call[0] + call[1]);
            assertEquals(missing.body(), other.body(), call[0] + call[1] + " reads as a missing endpoint");
        }
        Endpoint untouched = fx.harnessEndpoints.require(theirs);
        assertEquals(EndpointStatus.ACTIVE, untouched.status());
        assertEquals(1, untouched.secretVersion());
        assertEquals(null, untouched.description());
        assertTrue(sink.received.stream().noneMatch(r -> r.body().contains(theirs)), "no test event was sent");
        JsonNode listA = api.call("GET", base("iso-a"), keyA, null).json();
        assertFalse(listA.toString().contains(theirs), "A's list holds only A's");
        assertEquals(404, api.call("GET", base("iso-b"), keyA, null).status());
    }

    @Test
    void listPagesInIdOrderAndStayStableUnderInserts() {
        String key = fx.tenantWithKey("pages");
        Set<String> before = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            before.add(create("pages", key, "{\"url\":\"" + sink.url("/p") + "\"}").get("id").asText());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Result page = api.call("GET", base("pages") + "?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), key,
                    null);
            assertEquals(200, page.status(), page.body());
            page.json().get("data").forEach(e -> seen.add(e.get("id").asText()));
            // Inserts between pages: each lands before the cursor or on a later page, never twice.
            create("pages", key, "{\"url\":\"" + sink.url("/p") + "\"}");
            cursor = page.json().get("next").isNull() ? null : page.json().get("next").asText();
        } while (cursor != null);
        assertEquals(new HashSet<>(seen).size(), seen.size(), "no endpoint twice: " + seen);
        assertTrue(seen.containsAll(before), "every endpoint there before the first page is seen");
        List<String> sorted = new ArrayList<>(seen);
        sorted.sort(null);
        assertEquals(sorted, seen, "id order");
        assertField("cursor", api.call("GET", base("pages") + "?cursor=!!", key, null));
        assertField("limit", api.call("GET", base("pages") + "?limit=0", key, null));
    }

    @Test
    void pauseResumeDisableEnable() {
        String key = fx.tenantWithKey("states");
        String one = base("states") + "/" + create("states", key, "{\"url\":\"" + sink.url("/s") + "\"}").get("id").asText();
        assertEquals("PAUSED", api.call("POST", one + "/pause", key, null).json().get("status").asText());
        assertEquals("PAUSED", api.call("POST", one + "/pause", key, "{}").json().get("status").asText(), "idempotent");
        assertEquals("ACTIVE", api.call("POST", one + "/resume", key, null).json().get("status").asText());
        JsonNode disabled = api.call("POST", one + "/disable", key, null).json();
        assertEquals("DISABLED", disabled.get("status").asText());
        assertEquals("operator", disabled.get("disabledReason").asText());
        assertEquals(409, api.call("POST", one + "/pause", key, null).status(), "a disabled endpoint is not paused");
        assertEquals(409, api.call("POST", one + "/resume", key, null).status());
        JsonNode enabled = api.call("POST", one + "/enable", key, null).json();
        assertEquals("ACTIVE", enabled.get("status").asText());
        assertFalse(enabled.has("disabledReason"));
    }

    @Test
    void secretIsTheDerivedOneAndRotationChangesIt() {
        String key = fx.tenantWithKey("secrets");
        String id = create("secrets", key, "{\"url\":\"" + sink.url("/sec") + "\"}").get("id").asText();
        EndpointSecrets derived = new EndpointSecrets(SigningKey.parse(ApiFixture.SIGNING_KEY));
        Result first = api.call("GET", base("secrets") + "/" + id + "/secret", key, null);
        assertEquals(200, first.status(), first.body());
        assertEquals(derived.secret(id, 1), first.json().get("secret").asText());

        assertEquals(2, api.call("POST", base("secrets") + "/" + id + "/rotate-secret", key, null).json()
                .get("secretVersion").asInt());
        String second = api.call("GET", base("secrets") + "/" + id + "/secret", key, null).json().get("secret").asText();
        assertEquals(derived.secret(id, 2), second);
        assertNotEquals(first.json().get("secret").asText(), second);
        assertFalse(fx.logs().contains(second.substring(6)), "the log never shows a secret");
    }

    @Test
    void testEventIsSignedCarriesCustomHeadersAndReportsTheAttempt() {
        String key = fx.tenantWithKey("probe");
        String id = create("probe", key, "{\"url\":\"" + sink.url("/probe") + "\",\"headers\":{\"X-Customer\":\"c-42\"}}")
                .get("id").asText();
        int before = sink.received.size();
        Result attempt = api.call("POST", base("probe") + "/" + id + "/test", key, null);
        assertEquals(200, attempt.status(), attempt.body());
        assertTrue(attempt.json().get("success").asBoolean());
        assertEquals(200, attempt.json().get("status").asInt());
        assertEquals("sink says 200", attempt.json().get("response").asText());

        Sink.Received got = sink.received.get(before);
        assertEquals("c-42", got.headers().get("x-customer"), "custom header arrives");
        assertTrue(got.body().contains("\"hookline.test\""), got.body());
        String secret = new EndpointSecrets(SigningKey.parse(ApiFixture.SIGNING_KEY)).secret(id, 1);
        assertTrue(StandardWebhooks.verify(new StandardWebhooks.Headers(got.headers().get("webhook-id"),
                got.headers().get("webhook-timestamp"), got.headers().get("webhook-signature")), got.body(),
                List.of(secret), Instant.now(), Duration.ofMinutes(5)), "signed with the endpoint's secret");

        sink.status = 503;
        try {
            JsonNode failed = api.call("POST", base("probe") + "/" + id + "/test", key, "{}").json();
            assertFalse(failed.get("success").asBoolean());
            assertEquals(503, failed.get("status").asInt());
            assertEquals("sink says 503", failed.get("response").asText());
        } finally {
            sink.status = 200;
        }
    }

    @Test
    void testEventToADeadPortReportsTheErrorWithoutAStatus() throws IOException {
        String key = fx.tenantWithKey("dead-port");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String id = create("dead-port", key, "{\"url\":\"http://127.0.0.1:" + port + "/gone\"}").get("id").asText();
        JsonNode attempt = api.call("POST", base("dead-port") + "/" + id + "/test", key, null).json();
        assertFalse(attempt.get("success").asBoolean());
        assertTrue(attempt.get("status").isNull());
        assertTrue(attempt.has("error"), attempt.toString());
    }

    @Test
    void adminActsOnAnyTenantsEndpoints() {
        fx.tenantWithKey("admins");
        String id = create("admins", admin, "{\"url\":\"" + sink.url("/adm") + "\"}").get("id").asText();
        assertEquals("admins", fx.harnessEndpoints.require(id).tenant());
        assertEquals(200, api.call("GET", base("admins") + "/" + id, admin, null).status());
    }
}
