package dev.hookline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.api.http.Access;
import dev.hookline.api.http.Route;
import dev.hookline.core.keys.ApiKeys;
import dev.hookline.core.tenants.Tenants;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import dev.hookline.api.v1.events.EventServices;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** openapi.yaml and ApiRoutes describe the same API: same routes, same access, problems documented. */
class OpenApiContractTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    /** Routes only: nothing here reaches DynamoDB. */
    private static final ApiRoutes ROUTES = new ApiRoutes(new ApiServices(new ApiKeys(null, "keys", null),
            new Tenants(null, "tenants", null),
            new dev.hookline.api.v1.endpoints.EndpointServices(null, null, null, null, null, null),
            new EventServices(null, null, null, null), null, null), null, null);

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() {
        Set<String> routes = new TreeSet<>();
        ROUTES.routes().forEach(r -> routes.add(r.method() + " " + r.template()));
        Set<String> documented = new TreeSet<>();
        OpenApiDocument.DOCUMENT.path("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(op -> {
                    if (METHODS.contains(op.getKey())) {
                        documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                }));
        Set<String> undocumented = new TreeSet<>(routes);
        undocumented.removeAll(documented);
        Set<String> unrouted = new TreeSet<>(documented);
        unrouted.removeAll(routes);
        assertTrue(undocumented.isEmpty() && unrouted.isEmpty(), "in ApiRoutes but not openapi.yaml: " + undocumented
                + "; in openapi.yaml but not ApiRoutes: " + unrouted);
    }

    @Test
    void publicRoutesNeedNoKeyAndEveryOtherDocumentsItsRefusals() {
        for (Route route : ROUTES.routes()) {
            JsonNode operation = operation(route);
            String name = route.method() + " " + route.template();
            if (route.access() == Access.PUBLIC) {
                assertTrue(operation.has("security") && operation.get("security").isEmpty(), name + " needs no key");
                continue;
            }
            assertTrue(!operation.has("security"), name + " takes the document's bearer key");
            assertTrue(operation.path("responses").has("401"), name + " documents 401");
            if (route.access() == Access.ADMIN) {
                assertTrue(operation.path("responses").has("403"), name + " documents 403 for tenant keys");
            }
            if (route.template().contains("{tenant}")) {
                assertTrue(operation.path("responses").has("404"), name + " documents 404 for other tenants");
            }
            if (Set.of("POST", "PATCH", "PUT").contains(route.method())) {
                assertTrue(operation.path("responses").has("400"), name + " documents 400");
                assertTrue(operation.path("responses").has("413"), name + " documents 413");
            }
        }
    }

    @Test
    void isOpenApi31() {
        assertEquals("3.1.0", OpenApiDocument.DOCUMENT.path("openapi").asText());
        assertEquals("bearer", OpenApiDocument.DOCUMENT.at("/components/securitySchemes/apiKey/scheme").asText());
    }

    /** The schema check itself must be able to fail, or every API test would pass vacuously. */
    @Test
    void responseCheckRefusesWhatTheDocumentDoesNot() {
        String tenant = "{\"id\":\"acme\",\"createdAt\":\"2026-11-24T05:00:00Z\"}";
        OpenApiDocument.check("/v1/tenants/{tenant}", "GET", 200, "application/json", tenant);
        assertThrows(AssertionFailedError.class, () -> OpenApiDocument.check("/v1/tenants/{tenant}", "GET", 200,
                "application/json", "{\"id\":\"acme\",\"createdAt\":\"2026-11-24T05:00:00Z\",\"secret\":1}"));
        assertThrows(AssertionFailedError.class, () -> OpenApiDocument.check("/v1/tenants/{tenant}", "GET", 200,
                "application/json", "{\"id\":\"a b\",\"createdAt\":\"2026-11-24T05:00:00Z\"}"));
        assertThrows(AssertionFailedError.class, () -> OpenApiDocument.check("/v1/tenants/{tenant}", "GET", 418,
                "application/json", tenant));
        assertThrows(AssertionFailedError.class, () -> OpenApiDocument.check("/v1/tenants/{tenant}", "GET", 404,
                "application/json", "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}"));
        assertThrows(AssertionFailedError.class, () -> OpenApiDocument.check("/v1/keys", "GET", 200,
                "application/json", "{\"data\":[]}"));
    }

    private static JsonNode operation(Route route) {
        return OpenApiDocument.DOCUMENT.path("paths").path(route.template()).path(route.method().toLowerCase(Locale.ROOT));
    }

}
