package dev.hookline.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.config.Scheme;
import dev.hookline.core.config.SourceConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signatures {@code hookline send} produces, checked against the schemes' published or derived vectors. */
class WebhookSignerTest {
    private static SourceConfig source(Scheme scheme, String secret) {
        return new SourceConfig("s", scheme, List.of(secret), Duration.ofMinutes(5), Map.of());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signsStandardWebhooksLikeTheReferenceLibraries() {
        var signed = WebhookSigner.sign(source(Scheme.STANDARD_WEBHOOKS, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                bytes("{\"test\": 2432232314}"), null, "msg_p5jXN8AQM9LWM0D4loKWxJek", Instant.ofEpochSecond(1614265330));
        assertEquals("msg_p5jXN8AQM9LWM0D4loKWxJek", signed.headers().get("webhook-id"));
        assertEquals("1614265330", signed.headers().get("webhook-timestamp"));
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signed.headers().get("webhook-signature"));
    }

    @Test
    void signsStripeWithTheWholeSecretOverTimestampAndBody() {
        String body = "{\n  \"id\": \"evt_test_webhook\",\n  \"object\": \"event\"\n}";
        var signed = WebhookSigner.sign(source(Scheme.STRIPE, "whsec_test_secret"), bytes(body), null, null,
                Instant.ofEpochSecond(1700000000));
        assertEquals("t=1700000000,v1=4f1cd7feda9826e746b7d482c4badebb657398df1099e1046364f6196a230150",
                signed.headers().get("Stripe-Signature"));
        assertEquals("evt_test_webhook", signed.eventId());
    }

    @Test
    void signsGithubOverTheBodyWithTheEventInAHeader() {
        var signed = WebhookSigner.sign(source(Scheme.GITHUB, "It's a Secret to Everybody"), bytes("Hello, World!"),
                "issues", "d-1", Instant.now());
        assertEquals("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                signed.headers().get("X-Hub-Signature-256"));
        assertEquals("issues", signed.headers().get("X-GitHub-Event"));
        assertEquals("d-1", signed.headers().get("X-GitHub-Delivery"));
    }

    @Test
    void signsShopifyAsBase64OverTheBody() {
        var signed = WebhookSigner.sign(source(Scheme.SHOPIFY, "shpss_example_secret"),
                bytes("{\"id\":820982911946154508,\"email\":\"jon@example.com\"}"), "orders/create", null, Instant.now());
        assertEquals("35DGSCsYGhssCXikM1rFvRtvLrHjZ3LG9BTZ5lYDs7g=", signed.headers().get("X-Shopify-Hmac-Sha256"));
        assertEquals("orders/create", signed.headers().get("X-Shopify-Topic"));
        assertFalse(signed.headers().get("X-Shopify-Webhook-Id").isEmpty());
    }

    @Test
    void signsTheGenericSchemeWithTimestampAndHeaderId() {
        String body = "{\"id\":\"evt_123\",\"type\":\"payment.succeeded\",\"data\":{\"amount\":1000}}";
        var signed = WebhookSigner.sign(source(Scheme.HMAC, "s3cr3t-generic"), bytes(body), null, null,
                Instant.ofEpochSecond(1700000000));
        assertEquals("t=1700000000,v1=e2eb0c90204f91fda8f697921d2f1b75370006f89fd27e6ccbfa1188213a5e14",
                signed.headers().get("X-Webhook-Signature"));
        assertEquals("evt_123", signed.eventId());
        var custom = WebhookSigner.sign(new SourceConfig("s", Scheme.HMAC, List.of("k"), Duration.ofMinutes(5),
                Map.of("signature", "X-Sig", "id", "X-Id")), bytes("{}"), null, "e1", Instant.now());
        assertTrue(custom.headers().containsKey("X-Sig"));
        assertEquals("e1", custom.headers().get("X-Id"));
        // The receiver takes the id from the signed body, so --id must land there.
        assertTrue(new String(custom.body(), java.nio.charset.StandardCharsets.UTF_8).contains("\"id\":\"e1\""));
    }

    @Test
    void signsSlackOverVersionTimestampAndBody() {
        var signed = WebhookSigner.sign(source(Scheme.SLACK, "8f742231b10e8888abcd99yyyzzz85a5"),
                bytes("{\"event_id\":\"Ev1\",\"type\":\"event_callback\"}"), null, null, Instant.ofEpochSecond(1531420618));
        assertEquals("1531420618", signed.headers().get("X-Slack-Request-Timestamp"));
        // Computed independently (Python's hmac) with the published example's secret and timestamp.
        assertEquals("v0=1c68e9d1b6dcfd32863dddef3f3c19585b809edae5eed8bd043bced0fab2bee2",
                signed.headers().get("X-Slack-Signature"));
        assertEquals("Ev1", signed.eventId());
    }

    @Test
    void putsAGivenIdIntoTheBodyForSchemesThatReadItFromThere() {
        var signed = WebhookSigner.sign(source(Scheme.STRIPE, "whsec_x"), bytes("{\"id\":\"evt_old\",\"type\":\"a\"}"),
                null, "evt_new", Instant.now());
        assertEquals("evt_new", signed.eventId());
        assertTrue(new String(signed.body(), StandardCharsets.UTF_8).contains("\"id\":\"evt_new\""));
    }

    @Test
    void explainsWhatIsMissing() {
        UsageException type = assertThrows(UsageException.class, () -> WebhookSigner.sign(
                source(Scheme.GITHUB, "k"), bytes("{}"), null, null, Instant.now()));
        assertTrue(type.getMessage().contains("--type"), type.getMessage());
        UsageException id = assertThrows(UsageException.class, () -> WebhookSigner.sign(
                source(Scheme.STRIPE, "k"), bytes("{\"type\":\"a\"}"), null, null, Instant.now()));
        assertTrue(id.getMessage().contains("\"id\""), id.getMessage());
    }
}
