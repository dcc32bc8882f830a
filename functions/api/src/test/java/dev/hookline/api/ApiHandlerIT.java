package dev.hookline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.api.ApiClient.Result;
import dev.hookline.core.json.Json;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.LocalContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The keys and tenants routes against DynamoDB Local, every answer checked against openapi.yaml. */
@ExtendWith(EmulatorsExtension.class)
class ApiHandlerIT {
    private static Emulators emulators;
    private static ApiFixture fx;
    private static ApiClient api;
    private static String admin;

    @BeforeAll
    static void start(Emulators given) {
        emulators = given;
        fx = new ApiFixture(given);
        api = fx.client;
        admin = fx.adminKey;
    }

    // ---------------------------------------------------------------- keys

    @Test
    void createdKeyIsShownOnceWorksAndIsStoredOnlyAsAHash() {
        api.call("POST", "/v1/tenants", admin, "{\"id\":\"acme-keys\"}");
        Result created = api.call("POST", "/v1/keys", admin, "{\"tenant\":\"acme-keys\"}");
        assertEquals(201, created.status(), created.body());
        String secret = created.json().get("key").asText();
        String id = created.json().get("id").asText();
        assertTrue(secret.matches("hk_[A-Za-z0-9_-]{43}"), secret);
        assertEquals("tenant", created.json().get("scope").asText());

        assertEquals(200, api.call("GET", "/v1/tenants/acme-keys", secret, null).status(), "the new key works");

        Result listed = api.call("GET", "/v1/keys?limit=100", admin, null);
        assertFalse(listed.body().contains(secret), "a list never shows a secret");
        assertTrue(listed.body().contains(id));

        Map<String, AttributeValue> item = emulators.dynamoDb().getItem(b -> b.tableName(fx.tables.keysTable())
                .key(Map.of("pk", AttributeValue.fromS(id)))).item();
        assertFalse(item.toString().contains(secret.substring(3)), "the table holds no part of the secret");
        assertTrue(item.containsKey("hash"));
        assertFalse(fx.logs().contains(secret.substring(3)), "the log never shows a secret");
    }

    @Test
    void adminKeyHasNoTenantAndKeyForAnUnknownTenantIsRefusedNamingTheField() {
        Result adminKey = api.call("POST", "/v1/keys", admin, "{}");
        assertEquals(201, adminKey.status());
        assertEquals("admin", adminKey.json().get("scope").asText());
        assertNull(adminKey.json().get("tenant"));

        Result unknown = api.call("POST", "/v1/keys", admin, "{\"tenant\":\"nobody-here\"}");
        assertEquals(400, unknown.status());
        assertEquals("tenant", unknown.json().at("/errors/0/field").asText());
        Result badId = api.call("POST", "/v1/keys", admin, "{\"tenant\":\"has space\"}");
        assertEquals(400, badId.status());
        assertEquals("tenant", badId.json().at("/errors/0/field").asText());
    }

    @Test
    void revokedKeyIsRefusedWith401AndRevokingAgainOrAnUnknownIdIs404() {
        Result created = api.call("POST", "/v1/keys", admin, "{}");
        String secret = created.json().get("key").asText();
        String id = created.json().get("id").asText();
        assertEquals(200, api.call("GET", "/v1/keys", secret, null).status());

        assertEquals(204, api.call("DELETE", "/v1/keys/" + id, admin, null).status());
        Result refused = api.call("GET", "/v1/keys", secret, null);
        assertEquals(401, refused.status());
        assertEquals("Bearer", refused.header("www-authenticate"));
        assertNull(refused.json().get("detail"), "a 401 says nothing about why");

        JsonNode listed = findKey(id);
        assertNotNull(listed.get("revokedAt"), "a revoked key stays listed, marked");
        assertEquals(204, api.call("DELETE", "/v1/keys/" + id, admin, null).status(), "revoking is idempotent");
        assertEquals(404, api.call("DELETE", "/v1/keys/key_0000000000000000", admin, null).status());
        assertEquals(404, api.call("DELETE", "/v1/keys/not-a-key-id", admin, null).status());
    }

    @Test
    void missingMalformedAndUnknownKeysAllGetTheSameBare401() {
        List<Map.Entry<String, String>> headers = List.of(
                Map.entry("authorization", "Bearer hk_" + "A".repeat(43)),
                Map.entry("authorization", "Basic " + admin),
                Map.entry("authorization", "Bearer " + admin + "x"),
                Map.entry("authorization", "Bearer " + admin.substring(0, admin.length() - 1)),
                Map.entry("authorization", "Bearer"),
                Map.entry("authorization", "Bearer hk_" + "A".repeat(10_000)),
                Map.entry("x-nothing", "here"));
        Set<String> bodies = new HashSet<>();
        for (Map.Entry<String, String> header : headers) {
            var event = ApiClient.event("GET", "/v1/tenants", null, null, false, "$default");
            event.setHeaders(Map.of(header.getKey(), header.getValue()));
            var response = fx.handler.handleRequest(event, new LocalContext("hookline-api", 10_000));
            assertEquals(401, response.getStatusCode(), header.getValue());
            bodies.add(response.getBody());
        }
        assertEquals(1, bodies.size(), "every refusal reads the same: " + bodies);
        assertEquals(200, api.call("GET", "/v1/tenants", admin, null).status());
        var lowerCase = ApiClient.event("GET", "/v1/tenants", null, null, false, "$default");
        lowerCase.setHeaders(Map.of("authorization", "bearer " + admin));
        assertEquals(200, fx.handler.handleRequest(lowerCase, null).getStatusCode(), "the scheme is case-insensitive");
    }

    // ---------------------------------------------------------------- tenants

    @Test
    void tenantLifecycle() {
        Result created = api.call("POST", "/v1/tenants", admin, "{\"id\":\"life_1\",\"name\":\"Life One\"}");
        assertEquals(201, created.status(), created.body());
        assertEquals("Life One", created.json().get("name").asText());
        assertEquals(409, api.call("POST", "/v1/tenants", admin, "{\"id\":\"life_1\"}").status());

        assertEquals("Life One", api.call("GET", "/v1/tenants/life_1", admin, null).json().get("name").asText());
        Result renamed = api.call("PATCH", "/v1/tenants/life_1", admin, "{\"name\":\"Renamed\"}");
        assertEquals(200, renamed.status());
        assertEquals("Renamed", renamed.json().get("name").asText());
        Result unnamed = api.call("PATCH", "/v1/tenants/life_1", admin, "{\"name\":null}");
        assertNull(unnamed.json().get("name"), "null removes the name");
        assertEquals(200, api.call("PATCH", "/v1/tenants/life_1", admin, "{}").status(), "nothing to change");

        assertEquals(204, api.call("DELETE", "/v1/tenants/life_1", admin, null).status());
        assertEquals(404, api.call("GET", "/v1/tenants/life_1", admin, null).status());
        assertEquals(404, api.call("DELETE", "/v1/tenants/life_1", admin, null).status());
        assertEquals(404, api.call("PATCH", "/v1/tenants/life_1", admin, "{\"name\":\"x\"}").status());
    }

    @Test
    void defaultTenantExistsAndCannotBeDeleted() {
        assertEquals(200, api.call("GET", "/v1/tenants/default", admin, null).status());
        Result refused = api.call("DELETE", "/v1/tenants/default", admin, null);
        assertEquals(409, refused.status());
        assertEquals(200, api.call("GET", "/v1/tenants/default", admin, null).status());
    }

    @Test
    void tenantIdsAreUrlSafeOneTo64Characters() {
        for (String bad : List.of("", "a b", "a/b", "ü", "x".repeat(65), "a.b")) {
            Result refused = api.call("POST", "/v1/tenants", admin, Json.write(Json.object().put("id", bad)));
            assertEquals(400, refused.status(), bad);
            assertEquals("id", refused.json().at("/errors/0/field").asText(), bad);
        }
        assertEquals(201, api.call("POST", "/v1/tenants", admin,
                Json.write(Json.object().put("id", "A-z_9" + "x".repeat(59)))).status());
        Result missing = api.call("POST", "/v1/tenants", admin, "{\"name\":\"no id\"}");
        assertEquals("required", missing.json().at("/errors/0/message").asText());
    }

    @Test
    void tenantKeySeesItsOwnTenantOnlyAndOthersAsNotFound() {
        String keyA = fx.tenantWithKey("own-a");
        fx.tenantWithKey("own-b");
        Result list = api.call("GET", "/v1/tenants", keyA, null);
        assertEquals(List.of("own-a"), ids(list.json()));
        assertEquals(200, api.call("PATCH", "/v1/tenants/own-a", keyA, "{\"name\":\"Mine\"}").status());
        Result other = api.call("GET", "/v1/tenants/own-b", keyA, null);
        Result missing = api.call("GET", "/v1/tenants/no-such-tenant", keyA, null);
        assertEquals(404, other.status());
        assertEquals(missing.body(), other.body(), "another tenant's resource reads exactly as a missing one");
        assertEquals(403, api.call("DELETE", "/v1/tenants/own-a", keyA, null).status(), "delete is admin only");
    }

    @Test
    void listsPageWithCursorsAndEveryItemComesExactlyOnce() {
        for (int i = 0; i < 7; i++) {
            api.call("POST", "/v1/tenants", admin, "{\"id\":\"page-" + i + "\"}");
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Result page = api.call("GET", "/v1/tenants?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    admin, null);
            assertEquals(200, page.status(), page.body());
            assertTrue(page.json().get("data").size() <= 2);
            seen.addAll(ids(page.json()));
            cursor = page.json().get("next").isNull() ? null : page.json().get("next").asText();
            pages++;
        } while (cursor != null && pages < 100);
        assertEquals(new HashSet<>(seen).size(), seen.size(), "no item twice: " + seen);
        for (int i = 0; i < 7; i++) {
            assertTrue(seen.contains("page-" + i), "page-" + i + " in " + seen);
        }
        assertTrue(seen.contains("default"));
    }

    @Test
    void badListParametersAreValidationProblemsNamingThem() {
        for (String query : List.of("limit=0", "limit=101", "limit=ten", "limit=")) {
            Result refused = api.call("GET", "/v1/tenants?" + query, admin, null);
            assertEquals(400, refused.status(), query);
            assertEquals("limit", refused.json().at("/errors/0/field").asText());
        }
        for (String cursor : List.of("%25%25", "bm90IGEga2V5IQ", "____")) {
            Result refused = api.call("GET", "/v1/keys?cursor=" + cursor, admin, null);
            assertEquals(400, refused.status(), cursor);
            assertEquals("cursor", refused.json().at("/errors/0/field").asText());
        }
    }

    // ---------------------------------------------------------------- bodies and routing

    @Test
    void malformedBodiesUnknownFieldsAndWrongTypesAreProblemDocuments() {
        Result malformed = api.call("POST", "/v1/tenants", admin, "{\"id\":");
        assertEquals(400, malformed.status());
        assertEquals("application/problem+json", malformed.header("content-type"));
        assertFalse(malformed.body().contains("Exception") || malformed.body().contains("jackson"),
                "no internal detail: " + malformed.body());
        assertEquals(400, api.call("POST", "/v1/tenants", admin, "[1,2]").status());
        assertEquals(400, api.call("POST", "/v1/tenants", admin, "\"text\"").status());

        Result unknown = api.call("POST", "/v1/tenants", admin, "{\"id\":\"ok-id\",\"nmae\":\"typo\"}");
        assertEquals(400, unknown.status());
        assertEquals("nmae", unknown.json().at("/errors/0/field").asText());
        assertEquals("unknown field", unknown.json().at("/errors/0/message").asText());
        assertEquals(404, api.call("GET", "/v1/tenants/ok-id", admin, null).status(), "nothing was created");

        Result wrongType = api.call("PATCH", "/v1/tenants/default", admin, "{\"name\":42}");
        assertEquals(400, wrongType.status());
        assertEquals("name", wrongType.json().at("/errors/0/field").asText());
        assertEquals(400, api.call("PATCH", "/v1/tenants/default", admin, "{\"name\":\"  \"}").status());
    }

    @Test
    void bodiesOverTheLimitAre413AndBase64BodiesAreDecoded() {
        String big = "{\"id\":\"big\",\"name\":\"" + "x".repeat(70_000) + "\"}";
        Result tooLarge = api.call("POST", "/v1/tenants", admin, big);
        assertEquals(413, tooLarge.status());
        Result encoded = api.call("POST", "/v1/tenants", admin, "{\"id\":\"from-base64\"}", true);
        assertEquals(201, encoded.status(), encoded.body());
    }

    @Test
    void unknownPathsAre404AndWrongMethods405WithAllow() {
        assertEquals(404, api.call("GET", "/v1/nothing", admin, null).status());
        assertEquals(404, api.call("GET", "/v1/tenants/default/extra/segments", admin, null).status());
        Result wrong = api.call("PUT", "/v1/tenants", admin, "{}");
        assertEquals(405, wrong.status());
        assertEquals("GET, POST", wrong.header("allow"));
        assertEquals(401, api.call("GET", "/v1/nothing", null, null).status(), "no key: nothing is revealed");
    }

    @Test
    void servesTheOpenApiDocumentWithoutAKeyAndUnderAStagePrefix() {
        Result doc = api.call("GET", "/v1/openapi.json", null, null);
        assertEquals(200, doc.status());
        assertEquals("3.1.0", doc.json().get("openapi").asText());
        var staged = ApiClient.event("GET", "/v1/tenants/default", admin, null, false, "prod");
        assertEquals(200, fx.handler.handleRequest(staged, null).getStatusCode(), "rawPath carries the stage name");
    }

    @Test
    void logsOneLinePerRequestWithTheKeyIdNeverTheKey() {
        api.call("GET", "/v1/tenants/default", admin, null);
        String last = fx.logs().lines().reduce((a, b) -> b).orElseThrow();
        JsonNode line = Json.parseOrNull(last);
        assertEquals("/v1/tenants/{tenant}", line.get("route").asText());
        assertEquals(200, line.get("status").asInt());
        assertTrue(line.get("key").asText().startsWith("key_"));
        assertFalse(fx.logs().contains(admin.substring(3)));
    }

    private static JsonNode findKey(String id) {
        String cursor = null;
        do {
            JsonNode page = api.call("GET", "/v1/keys?limit=100" + (cursor == null ? "" : "&cursor=" + cursor),
                    admin, null).json();
            for (JsonNode key : page.get("data")) {
                if (key.get("id").asText().equals(id)) {
                    return key;
                }
            }
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
        } while (cursor != null);
        throw new AssertionError(id + " not listed");
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(t -> ids.add(t.get("id").asText()));
        return ids;
    }
}
