package dev.hookline.api.http;

import dev.hookline.api.auth.Caller;
import java.util.Map;

/**
 * One API request as a route sees it.
 *
 * @param headers lower-case names
 * @param body    the raw body (base64 already decoded), empty when none
 * @param caller  the authenticated key, or null on a public route
 */
public record Request(String method, String path, Map<String, String> pathParams, Map<String, String> queryParams,
                      Map<String, String> headers, byte[] body, Caller caller) {

    public String param(String name) {
        return pathParams.get(name);
    }

    public Request withCaller(Caller who) {
        return new Request(method, path, pathParams, queryParams, headers, body, who);
    }

    public Request withPathParams(Map<String, String> params) {
        return new Request(method, path, Map.copyOf(params), queryParams, headers, body, caller);
    }
}
