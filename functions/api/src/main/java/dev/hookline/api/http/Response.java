package dev.hookline.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers: status, headers and a body (JSON text, or none). */
public record Response(int status, Map<String, String> headers, String body) {
    public Response {
        headers = Map.copyOf(headers);
    }

    public static Response json(int status, JsonNode body) {
        return new Response(status, Map.of("content-type", "application/json"), Json.write(body));
    }

    public static Response ok(JsonNode body) {
        return json(200, body);
    }

    public static Response created(JsonNode body) {
        return json(201, body);
    }

    public static Response noContent() {
        return new Response(204, Map.of(), null);
    }

    public static Response problem(Problem problem) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", Problem.CONTENT_TYPE);
        if (problem.status() == 401) {
            // RFC 9110 §11.6.1: a 401 carries the scheme the resource takes.
            headers.put("www-authenticate", "Bearer");
        }
        return new Response(problem.status(), headers, Json.write(problem.toJson()));
    }

    public Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, more, body);
    }
}
