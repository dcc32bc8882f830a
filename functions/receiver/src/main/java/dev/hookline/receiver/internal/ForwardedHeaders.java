package dev.hookline.receiver.internal;

import dev.hookline.receiver.verify.WebhookRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The request headers that travel with an event to the processor: an allow-list of what a handler
 * may need (content type, the provider's event, topic, delivery and hook headers). Signature
 * headers are never kept: the event was verified here, and a queued signature is only a secret-
 * derived value waiting to leak.
 */
public final class ForwardedHeaders {
    private static final int MAX_VALUE_LENGTH = 1024;
    private static final Set<String> KEPT = Set.of(
            "content-type", "user-agent",
            "webhook-id", "webhook-timestamp", "svix-id", "svix-timestamp",
            "x-github-event", "x-github-delivery", "x-github-hook-id",
            "x-github-hook-installation-target-id", "x-github-hook-installation-target-type",
            "x-shopify-topic", "x-shopify-webhook-id", "x-shopify-shop-domain", "x-shopify-api-version",
            "x-shopify-triggered-at", "x-shopify-event-id",
            "x-slack-request-timestamp", "x-slack-retry-num", "x-slack-retry-reason",
            "x-webhook-id");

    private ForwardedHeaders() {
    }

    /** The kept headers, lower-case names; {@code idHeader} (a source's own id header) is kept too. */
    public static Map<String, String> of(WebhookRequest request, String idHeader) {
        String extra = idHeader == null ? null : idHeader.toLowerCase(Locale.ROOT);
        Map<String, String> kept = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> {
            if ((KEPT.contains(name) || name.equals(extra)) && value.length() <= MAX_VALUE_LENGTH) {
                kept.put(name, value);
            }
        });
        return kept;
    }
}
