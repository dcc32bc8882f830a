package dev.hookline.api.v1.endpoints;

import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.outbound.http.HttpSender;
import dev.hookline.core.outbound.ssrf.SsrfGuard;
import dev.hookline.core.signing.SigningKey;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What the endpoint routes work with.
 *
 * @param guard       the sender's SSRF rules, applied when a URL is set (the sender applies them again per request)
 * @param http        the sender's guarded client, for the test route
 * @param signingKey  the platform key the endpoint secrets derive from (read when a route needs it)
 * @param secretGrace how long a rotated-out secret keeps signing
 */
public record EndpointServices(EndpointRegistry registry, SsrfGuard guard, HttpSender http,
                               Supplier<SigningKey> signingKey, Duration secretGrace, Clock clock) {
}
