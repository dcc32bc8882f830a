package dev.hookline.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Lists: {@code ?limit=&cursor=} in, {@code {"data":[...],"next":cursor|null}} out. A cursor is
 * the last key read, base64url-encoded: opaque to callers, and checked on the way back in so a
 * forged one is a 400, never a key the store did not hand out in some shape.
 */
public final class Page {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    /** What a list request asks for: how many, after which key (null: from the start). */
    public record Query(int limit, String after) {
    }

    private Page() {
    }

    public static Query parse(Request request) {
        int limit = DEFAULT_LIMIT;
        String limitText = request.queryParams().get("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new ApiException(Problem.invalid(List.of(
                        new FieldError("limit", "an integer from 1 to " + MAX_LIMIT))));
            }
        }
        String cursor = request.queryParams().get("cursor");
        String after = null;
        if (cursor != null && !cursor.isEmpty()) {
            try {
                after = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                after = null;
            }
            if (after == null || !KEY.matcher(after).matches()) {
                throw new ApiException(Problem.invalid(List.of(new FieldError("cursor", "not a cursor this API gave"))));
            }
        }
        return new Query(limit, after);
    }

    public static String cursor(String after) {
        return after == null ? null
                : Base64.getUrlEncoder().withoutPadding().encodeToString(after.getBytes(StandardCharsets.UTF_8));
    }

    public static Response of(List<? extends JsonNode> data, String after) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("data");
        data.forEach(list::add);
        String next = cursor(after);
        if (next == null) {
            body.putNull("next");
        } else {
            body.put("next", next);
        }
        return Response.ok(body);
    }
}
