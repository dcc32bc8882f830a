package dev.hookline.core.deliveries;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a delivery's attempt log.
 *
 * @param statusCode   null when no response arrived
 * @param responseBody first 1 KiB of the response, or null
 * @param request      what was sent (an HTTP attempt), or null for a wait, a skip, or an older entry
 */
public record Attempt(Instant at, Integer statusCode, long durationMs, String error, String responseBody,
                      Request request) {

    /** An entry without the request: waits, skips, and failures before any request was made. */
    public Attempt(Instant at, Integer statusCode, long durationMs, String error, String responseBody) {
        this(at, statusCode, durationMs, error, responseBody, null);
    }

    /**
     * The request as the log keeps it: the URL without user info or query values, and the headers
     * hookline set, never the signature (the endpoint's secret could be attacked with it offline).
     */
    public record Request(String url, Map<String, String> headers) {
        public Request {
            headers = Map.copyOf(headers);
        }
    }
}
