package dev.hookline.core.outbound;

import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.outbound.http.HttpResult;
import dev.hookline.core.outbound.http.HttpSender;
import dev.hookline.core.signing.EndpointSecrets;
import dev.hookline.core.signing.SigningKey;
import dev.hookline.core.signing.StandardWebhooks;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One signed POST to an endpoint, as the sender makes every delivery and the API's test route makes
 * its test event: the owner's custom headers, then the Standard Webhooks headers signed with every
 * secret still in force, through a guarded {@link HttpSender}.
 */
public final class SignedPost {
    private SignedPost() {
    }

    /** Whatever goes wrong building the request is a failed result with its reason, never an exception. */
    public static HttpResult post(HttpSender http, Endpoint endpoint, String messageId, String payload,
                                  SigningKey signingKey, Duration secretGrace, Instant at) {
        URI url;
        try {
            url = URI.create(endpoint.url());
        } catch (IllegalArgumentException e) {
            return HttpResult.refused("endpoint url is not valid");
        }
        try {
            StandardWebhooks.Headers signed = StandardWebhooks.sign(messageId, at, payload,
                    new EndpointSecrets(signingKey).active(endpoint, at, secretGrace));
            // Custom headers first; the registry refuses reserved names, and the signature headers are
            // put after them regardless, so none can be overridden.
            Map<String, String> headers = new LinkedHashMap<>(endpoint.headers());
            headers.put(StandardWebhooks.ID_HEADER, signed.id());
            headers.put(StandardWebhooks.TIMESTAMP_HEADER, signed.timestamp());
            headers.put(StandardWebhooks.SIGNATURE_HEADER, signed.signature());
            return http.post(url, headers, payload.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // HttpSender promises a result for anything the endpoint or network does; an exception here is a
            // defect on our side or in the JDK. It counts as a failed attempt (retried, in the endpoint's
            // health, its reason logged) rather than ending the delivery with no explanation.
            return HttpResult.failure("request could not be made: " + e.getClass().getSimpleName(), 0);
        }
    }
}
