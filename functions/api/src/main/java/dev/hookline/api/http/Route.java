package dev.hookline.api.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the route table: method, path template ({@code /v1/tenants/{tenant}}), who may
 * call it, the largest body it takes, and the code that answers.
 */
public record Route(String method, String template, Access access, int bodyLimit, Handler handler) {
    /** The default body limit: management bodies are small; routes taking payloads say more. */
    public static final int DEFAULT_MAX_BODY = 64 * 1024;

    @FunctionalInterface
    public interface Handler {
        Response handle(Request request);
    }

    public static Route of(String method, String template, Access access, Handler handler) {
        return new Route(method, template, access, DEFAULT_MAX_BODY, handler);
    }

    public List<String> segments() {
        return List.of(template.substring(1).split("/"));
    }

    /** The path parameters when {@code path} fits the template, else null. */
    public Map<String, String> match(List<String> pathSegments) {
        List<String> mine = segments();
        if (mine.size() != pathSegments.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < mine.size(); i++) {
            String expected = mine.get(i);
            String actual = pathSegments.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                if (actual.isEmpty()) {
                    return null;
                }
                params.put(expected.substring(1, expected.length() - 1), actual);
            } else if (!expected.equals(actual)) {
                return null;
            }
        }
        return params;
    }
}
