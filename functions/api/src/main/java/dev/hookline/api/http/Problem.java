package dev.hookline.api.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.json.Json;
import java.util.List;

/**
 * An RFC 9457 problem document ({@code application/problem+json}): {@code type}, {@code title},
 * {@code status}, {@code detail}, and for validation failures {@code errors} naming each field.
 * Titles and details are written for the caller; nothing internal (exception text, table names)
 * ever goes in one.
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {
    public static final String CONTENT_TYPE = "application/problem+json";
    private static final String TYPES = "https://hookline.dev/problems/";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static Problem of(int status, String title, String detail) {
        // RFC 9457 §4.2.1: "about:blank" means the title is the status's reason phrase and nothing more.
        return new Problem("about:blank", title, status, detail, List.of());
    }

    public static Problem badRequest(String detail) {
        return of(400, "Bad Request", detail);
    }

    public static Problem invalid(List<FieldError> errors) {
        return new Problem(TYPES + "validation", "Validation failed", 400,
                "The request has invalid fields; see errors.", errors);
    }

    /** No detail on purpose: a caller probing keys learns nothing about why. */
    public static Problem unauthorized() {
        return of(401, "Unauthorized", null);
    }

    public static Problem forbidden() {
        return of(403, "Forbidden", "This route needs an admin key.");
    }

    public static Problem notFound() {
        return of(404, "Not Found", null);
    }

    public static Problem conflict(String detail) {
        return of(409, "Conflict", detail);
    }

    public static Problem tooLarge(long limit) {
        return of(413, "Content Too Large", "The body is over " + limit + " bytes.");
    }

    public static Problem internal() {
        return of(500, "Internal Server Error", null);
    }

    public static Problem unavailable() {
        return of(503, "Service Unavailable", "Try again shortly.");
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object().put("type", type).put("title", title).put("status", status);
        if (detail != null) {
            node.put("detail", detail);
        }
        if (!errors.isEmpty()) {
            ArrayNode list = node.putArray("errors");
            errors.forEach(e -> list.addObject().put("field", e.field()).put("message", e.message()));
        }
        return node;
    }
}
