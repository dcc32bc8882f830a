package dev.hookline.receiver.internal;

import java.util.Map;

/** Finds {@code {source}} in {@code POST /webhooks/{source}}. */
public final class Routes {
    private static final String PREFIX = "/webhooks/";

    private Routes() {
    }

    /**
     * The source named by the request: API Gateway's path parameter, else parsed from the raw path
     * (which may carry a stage prefix). Null when the path is not {@code /webhooks/<one segment>}.
     */
    public static String source(Map<String, String> pathParameters, String rawPath) {
        if (pathParameters != null) {
            String source = pathParameters.get("source");
            if (source != null && !source.isEmpty()) {
                return source;
            }
        }
        if (rawPath == null) {
            return null;
        }
        int at = rawPath.lastIndexOf(PREFIX);
        if (at < 0) {
            return null;
        }
        String rest = rawPath.substring(at + PREFIX.length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        return rest.isEmpty() || rest.indexOf('/') >= 0 ? null : rest;
    }
}
