package dev.hookline.receiver.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.config.Scheme;
import dev.hookline.core.config.SourceConfig;
import dev.hookline.core.crypto.Hmac;
import dev.hookline.core.json.Json;
import dev.hookline.receiver.testing.Signers;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every vector of {@code vectors/signatures.json} (published by the scheme owners, or derived with
 * their documented algorithm), verified with a clock set at the vector's timestamp.
 */
class SignatureVectorsTest {
    private static JsonNode vectors;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = SignatureVectorsTest.class.getResourceAsStream("/vectors/signatures.json")) {
            assertNotNull(in, "vectors/signatures.json is on the test classpath");
            vectors = Json.MAPPER.readTree(in);
        }
    }

    private static Verification verify(Scheme scheme, String secret, long timestamp, Map<String, String> headers,
                                       String payload) {
        return verify(scheme, secret, timestamp, headers, payload, Map.of());
    }

    private static Verification verify(Scheme scheme, String secret, long timestamp, Map<String, String> headers,
                                       String payload, Map<String, String> headerNames) {
        SourceConfig source = new SourceConfig("vector", scheme, List.of(secret), SourceConfig.DEFAULT_TOLERANCE,
                headerNames);
        Clock clock = Clock.fixed(Instant.ofEpochSecond(timestamp), ZoneOffset.UTC);
        return SignatureVerifier.forSource(source, clock).verify(WebhookRequest.of(headers, Signers.utf8(payload)));
    }

    private static Map<String, String> headers(JsonNode vector) {
        Map<String, String> headers = new HashMap<>();
        vector.get("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        return headers;
    }

    @Test
    void standardWebhooksVectorsAcceptedAndRejectedAsMarked() {
        JsonNode v = vectors.get("standard-webhooks");
        long ts = v.get("headers").get("webhook-timestamp").asLong();
        String secret = v.get("secret").asText();
        String payload = v.get("payload").asText();
        assertEquals(300, v.get("tolerance_seconds").asInt(), "our default tolerance is the vector's");
        assertTrue(verify(Scheme.STANDARD_WEBHOOKS, secret, ts, headers(v), payload).signatureAccepted());
        int accepted = 0;
        for (JsonNode header : v.get("must_accept_signature_headers")) {
            Map<String, String> h = headers(v);
            h.put("webhook-signature", header.asText());
            assertTrue(verify(Scheme.STANDARD_WEBHOOKS, secret, ts, h, payload).signatureAccepted(), header.asText());
            accepted++;
        }
        int rejected = 0;
        for (JsonNode header : v.get("must_reject_signature_headers")) {
            Map<String, String> h = headers(v);
            h.put("webhook-signature", header.asText());
            assertFalse(verify(Scheme.STANDARD_WEBHOOKS, secret, ts, h, payload).signatureAccepted(), header.asText());
            rejected++;
        }
        assertEquals(2, accepted);
        assertEquals(4, rejected);
    }

    @Test
    void standardWebhooksVectorBodyHasNoTypeSoItIsABadRequestOnceVerified() {
        JsonNode v = vectors.get("standard-webhooks");
        Verification result = verify(Scheme.STANDARD_WEBHOOKS, v.get("secret").asText(),
                v.get("headers").get("webhook-timestamp").asLong(), headers(v), v.get("payload").asText());
        assertEquals(Verification.Outcome.INVALID, result.outcome());
    }

    @Test
    void standardWebhooksVectorRejectedOutsideTolerance() {
        JsonNode v = vectors.get("standard-webhooks");
        long ts = v.get("headers").get("webhook-timestamp").asLong();
        for (long now : new long[]{ts + 301, ts - 301}) {
            assertFalse(verify(Scheme.STANDARD_WEBHOOKS, v.get("secret").asText(), now, headers(v),
                    v.get("payload").asText()).signatureAccepted());
        }
    }

    @Test
    void svixHeaderNamesCarryTheStandardWebhooksVector() {
        JsonNode v = vectors.get("standard-webhooks");
        Map<String, String> svix = new HashMap<>();
        headers(v).forEach((name, value) -> svix.put(name.replace("webhook-", "svix-"), value));
        assertTrue(verify(Scheme.STANDARD_WEBHOOKS, v.get("secret").asText(),
                v.get("headers").get("webhook-timestamp").asLong(), svix, v.get("payload").asText())
                .signatureAccepted());
    }

    @Test
    void ed25519V1aSignatureAloneIsNotAcceptedBySymmetricSource() {
        // v1a (asymmetric) is not supported: a source holds whsec_ secrets, so a v1a-only header
        // must be refused, never waved through.
        JsonNode v = vectors.get("standard-webhooks-ed25519");
        JsonNode symmetric = vectors.get("standard-webhooks");
        Map<String, String> h = headers(v);
        h.put("webhook-signature", v.get("signature").asText());
        assertFalse(verify(Scheme.STANDARD_WEBHOOKS, symmetric.get("secret").asText(),
                v.get("headers").get("webhook-timestamp").asLong(), h, v.get("payload").asText()).signatureAccepted());
    }

    @Test
    void githubVectorAccepted() {
        JsonNode v = vectors.get("github");
        assertTrue(verify(Scheme.GITHUB, v.get("secret").asText(), 0, headers(v), v.get("payload").asText())
                .signatureAccepted());
        assertFalse(verify(Scheme.GITHUB, v.get("secret").asText(), 0, headers(v), v.get("payload").asText() + " ")
                .signatureAccepted());
    }

    @Test
    void slackVectorAcceptedAtItsTimestamp() {
        JsonNode v = vectors.get("slack");
        long ts = v.get("headers").get("X-Slack-Request-Timestamp").asLong();
        assertTrue(verify(Scheme.SLACK, v.get("secret").asText(), ts, headers(v), v.get("payload").asText())
                .signatureAccepted());
        assertFalse(verify(Scheme.SLACK, v.get("secret").asText(), ts + 301, headers(v), v.get("payload").asText())
                .signatureAccepted());
    }

    @Test
    void stripeVectorsAcceptedAndRejectedAsMarked() {
        JsonNode v = vectors.get("stripe");
        String secret = v.get("secret").asText();
        String payload = v.get("payload").asText();
        long ts = 1_700_000_000L;
        assertTrue(verify(Scheme.STRIPE, secret, ts, headers(v), payload).signatureAccepted());
        for (JsonNode header : v.get("must_accept_signature_headers")) {
            assertTrue(verify(Scheme.STRIPE, secret, ts, Map.of("Stripe-Signature", header.asText()), payload)
                    .signatureAccepted(), header.asText());
        }
        for (JsonNode header : v.get("must_reject_signature_headers")) {
            assertFalse(verify(Scheme.STRIPE, secret, ts, Map.of("Stripe-Signature", header.asText()), payload)
                    .signatureAccepted(), header.asText());
        }
        assertFalse(verify(Scheme.STRIPE, secret, ts + 301, headers(v), payload).signatureAccepted());
    }

    @Test
    void stripePublishedRawHmacCases() {
        JsonNode raw = vectors.get("stripe").get("raw_hmac_published");
        int cases = 0;
        for (JsonNode c : raw.get("cases")) {
            assertEquals(c.get("hex").asText(),
                    Signers.hex(Hmac.sha256(raw.get("key").asText(), Signers.utf8(c.get("payload").asText()))));
            cases++;
        }
        assertEquals(3, cases);
    }

    @Test
    void genericTimestampedHmacVectorAccepted() {
        JsonNode v = vectors.get("generic-t-v1");
        Verification result = verify(Scheme.HMAC, v.get("secret").asText(), 1_700_000_000L, headers(v),
                v.get("payload").asText());
        assertEquals(Verification.verified("evt_123", "payment.succeeded"), result);
    }

    @Test
    void genericVectorAcceptedUnderConfiguredHeaderNames() {
        JsonNode v = vectors.get("generic-t-v1");
        Map<String, String> h = Map.of(
                "X-Acme-Sig", v.get("headers").get("X-Webhook-Signature").asText(),
                "X-Acme-Id", "acme-42");
        Verification result = verify(Scheme.HMAC, v.get("secret").asText(), 1_700_000_000L, h,
                v.get("payload").asText(), Map.of("signature", "X-Acme-Sig", "id", "X-Acme-Id"));
        // The configured id header names the provider's header but never beats the signed body id.
        assertEquals(Verification.verified("evt_123", "payment.succeeded"), result);
    }

    @Test
    void shopifyVectorAccepted() {
        JsonNode v = vectors.get("shopify");
        Verification result = verify(Scheme.SHOPIFY, v.get("secret").asText(), 0, headers(v), v.get("payload").asText());
        assertEquals(Verification.verified("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", "orders/create"), result);
    }

    @Test
    void everySchemeOfTheVectorFileIsCovered() {
        List<String> covered = List.of("about", "standard-webhooks", "standard-webhooks-ed25519", "github", "slack",
                "stripe", "generic-t-v1", "shopify");
        List<String> present = new java.util.ArrayList<>();
        vectors.fieldNames().forEachRemaining(present::add);
        assertEquals(covered.stream().sorted().toList(), present.stream().sorted().toList(),
                "a new vector set needs a test here");
        assertEquals(Duration.ofSeconds(300), SourceConfig.DEFAULT_TOLERANCE);
    }
}
