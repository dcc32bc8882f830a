package dev.hookline.receiver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.receiver.verify.WebhookRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {
    @Test
    void keepsProviderEventHeadersAndDropsSignaturesAndEverythingElse() {
        WebhookRequest request = WebhookRequest.of(Map.of(
                "Content-Type", "application/json",
                "X-GitHub-Event", "push",
                "X-Hub-Signature-256", "sha256=abc",
                "Stripe-Signature", "t=1,v1=abc",
                "webhook-signature", "v1,abc",
                "X-Slack-Signature", "v0=abc",
                "X-Shopify-Hmac-Sha256", "abc=",
                "Authorization", "Bearer secret",
                "Cookie", "a=b"), new byte[0]);
        assertEquals(Map.of("content-type", "application/json", "x-github-event", "push"),
                ForwardedHeaders.of(request, null));
    }

    @Test
    void keepsTheSourceOwnIdHeader() {
        WebhookRequest request = WebhookRequest.of(Map.of("X-Delivery-Id", "d1", "X-Signature", "t=1,v1=a"),
                new byte[0]);
        assertEquals(Map.of("x-delivery-id", "d1"), ForwardedHeaders.of(request, "X-Delivery-Id"));
    }

    @Test
    void dropsOversizedValues() {
        WebhookRequest request = WebhookRequest.of(Map.of("User-Agent", "u".repeat(5000)), new byte[0]);
        assertEquals(Map.of(), ForwardedHeaders.of(request, null));
    }
}
