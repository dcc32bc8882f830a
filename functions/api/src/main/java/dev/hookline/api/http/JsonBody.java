package dev.hookline.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A request's JSON object body, read field by field with every problem collected: malformed JSON
 * and non-objects are 400, unknown fields and wrong types are a validation problem naming each
 * field (so a typo never passes silently). Hand-written rather than data binding: the messages
 * name the field, and no reflection runs on the request path.
 */
public final class JsonBody {
    private final ObjectNode node;
    private final List<FieldError> errors = new ArrayList<>();

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    /** The body as an object whose fields are among {@code allowed}; an empty body reads as {@code {}}. */
    public static JsonBody parse(Request request, Set<String> allowed) {
        ObjectNode object;
        if (request.body().length == 0) {
            object = Json.object();
        } else {
            JsonNode parsed = Json.parseOrNull(request.body());
            if (parsed == null) {
                throw new ApiException(Problem.badRequest("The body is not valid JSON."));
            }
            if (!parsed.isObject()) {
                throw new ApiException(Problem.badRequest("The body must be a JSON object."));
            }
            object = (ObjectNode) parsed;
        }
        JsonBody body = new JsonBody(object);
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                body.errors.add(new FieldError(name, "unknown field"));
            }
        }
        return body;
    }

    public boolean has(String field) {
        return node.has(field);
    }

    /** A string field, or null when absent (or JSON null when {@code nullable}). */
    public String string(String field, boolean required, int maxLength, Predicate<String> valid, String rule) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "required"));
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "expected a string"));
            return null;
        }
        String text = value.asText();
        if (text.length() > maxLength) {
            errors.add(new FieldError(field, "at most " + maxLength + " characters"));
            return null;
        }
        if (valid != null && !valid.test(text)) {
            errors.add(new FieldError(field, rule));
            return null;
        }
        return text;
    }

    /** A field's raw JSON (null when absent), for shapes the typed readers do not cover. */
    public JsonNode raw(String field) {
        return node.get(field);
    }

    public void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** Ends the request with a validation problem when any field was wrong. */
    public void check() {
        if (!errors.isEmpty()) {
            throw new ApiException(Problem.invalid(errors));
        }
    }
}
