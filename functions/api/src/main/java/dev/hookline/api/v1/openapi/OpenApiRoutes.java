package dev.hookline.api.v1.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hookline.api.http.Access;
import dev.hookline.api.http.Request;
import dev.hookline.api.http.Response;
import dev.hookline.api.http.Route;
import dev.hookline.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/openapi.json}: openapi.yaml (the source, kept as YAML for its comments and
 * readability) converted to JSON once, on the first request for it, so no other request's cold
 * start pays for the YAML parser.
 */
public final class OpenApiRoutes {
    public static final String RESOURCE = "/openapi.yaml";

    public List<Route> routes() {
        return List.of(Route.of("GET", "/v1/openapi.json", Access.PUBLIC, OpenApiRoutes::document));
    }

    private static Response document(Request request) {
        return new Response(200, Map.of("content-type", "application/json", "cache-control", "max-age=300"),
                Document.JSON);
    }

    /** The document as parsed from the classpath (for tests and the JSON rendering). */
    public static JsonNode load() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the artifact");
            }
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Holder: initialised on first use only. */
    private static final class Document {
        static final String JSON = Json.write(load());
    }
}
