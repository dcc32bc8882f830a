package dev.hookline.api;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.hookline.api.v1.openapi.OpenApiRoutes;
import dev.hookline.core.json.Json;
import java.util.List;
import java.util.Locale;

/**
 * openapi.yaml as the tests hold responses to it: the documented response for a route, method and
 * status must exist, its content type must match, and the body must validate against its schema
 * (JSON Schema 2020-12, which OpenAPI 3.1 uses). Schemas are validated inside a wrapper that carries
 * the document's {@code components}, so {@code #/components/schemas/X} references resolve.
 */
final class OpenApiDocument {
    static final JsonNode DOCUMENT = OpenApiRoutes.load();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private OpenApiDocument() {
    }

    static void check(String template, String method, int status, String contentType, String body) {
        JsonNode operation = DOCUMENT.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        assertTrue(operation.isObject(), () -> method + " " + template + " is not in openapi.yaml");
        JsonNode response = resolve(operation.path("responses").path(String.valueOf(status)));
        if (response.isMissingNode()) {
            fail(method + " " + template + " answered " + status + ", which openapi.yaml does not document: " + body);
        }
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            assertTrue(body == null || body.isEmpty(), () -> method + " " + template + " " + status
                    + " is documented without a body but had one: " + body);
            return;
        }
        assertNotNull(contentType, () -> method + " " + template + " " + status + " has no content type");
        String type = contentType.split(";")[0].trim();
        JsonNode media = content.path(type);
        assertTrue(media.isObject(), () -> method + " " + template + " " + status + " answered " + type
                + "; documented: " + content.fieldNames().next());
        List<Error> errors = schema(media.path("schema")).validate(Json.parseOrNull(body));
        assertTrue(errors.isEmpty(), () -> method + " " + template + " " + status + " does not match openapi.yaml: "
                + errors + "\n" + body);
    }

    /** An answer outside every route (404, 405, 401 on an unknown path): a problem document. */
    static void checkProblem(String contentType, String body) {
        assertTrue(contentType != null && contentType.startsWith("application/problem+json"), contentType);
        JsonNode problem = Json.object().put("$ref", "#/components/schemas/Problem");
        List<Error> errors = schema(problem).validate(Json.parseOrNull(body));
        assertTrue(errors.isEmpty(), () -> "not a problem document: " + errors + "\n" + body);
    }

    private static Schema schema(JsonNode schema) {
        ObjectNode wrapper = Json.object();
        wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        wrapper.set("components", DOCUMENT.path("components"));
        wrapper.putArray("allOf").add(schema);
        return REGISTRY.getSchema(wrapper);
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        return DOCUMENT.at(ref.asText().substring(1));
    }
}
