package dev.hookline.core.outbound.http;

/**
 * What one POST produced.
 *
 * @param statusCode   the response status, or 0 when no response arrived
 * @param error        short description of a failure without a response (timeout, refused, TLS), else null
 * @param blocked      true when the SSRF guard refused the URL: no connection was opened
 * @param retryAfter   the response's {@code Retry-After} header, or null
 * @param responseBody at most the first 1 KiB of the response body, decoded as UTF-8
 */
public record HttpResult(int statusCode, String error, boolean blocked, long durationMs, String retryAfter,
                         String responseBody) {

    public static HttpResult response(int statusCode, long durationMs, String retryAfter, String body) {
        return new HttpResult(statusCode, null, false, durationMs, retryAfter, body);
    }

    public static HttpResult failure(String error, long durationMs) {
        return new HttpResult(0, error, false, durationMs, null, null);
    }

    public static HttpResult refused(String error) {
        return new HttpResult(0, error, true, 0, null, null);
    }

    public boolean hasResponse() {
        return statusCode > 0;
    }
}
