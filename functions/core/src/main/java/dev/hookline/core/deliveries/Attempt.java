package dev.hookline.core.deliveries;

import java.time.Instant;

/**
 * One entry of a delivery's attempt log.
 *
 * @param statusCode   null when no response arrived
 * @param responseBody first 1 KiB of the response, or null
 */
public record Attempt(Instant at, Integer statusCode, long durationMs, String error, String responseBody) {
}
