package dev.hookline.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.config.SourceConfig;
import dev.hookline.core.crypto.Hmac;
import dev.hookline.core.signing.WebhookSecret;
import dev.hookline.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Signs a payload the way the source's provider would (DESIGN §2), so {@code hookline send}
 * exercises the receiver's real verification: the signature header, the event id (header or body,
 * as the scheme carries it) and the timestamp where the scheme signs one. The source's first
 * secret signs.
 */
public final class WebhookSigner {
    private WebhookSigner() {
    }

    /** What to POST: headers and the exact body bytes they sign. */
    public record SignedRequest(Map<String, String> headers, byte[] body, String eventId) {
    }

    /**
     * @param type    event type for schemes that carry it in a header (github, shopify); null elsewhere
     * @param eventId event id to use; null for a fresh one where the scheme puts the id in a header, or
     *                the body's own id where it reads it from the body
     */
    public static SignedRequest sign(SourceConfig source, byte[] payload, String type, String eventId, Instant now) {
        String secret = source.secrets().get(0);
        String ts = Long.toString(now.getEpochSecond());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        byte[] body = payload;
        String id = eventId;
        switch (source.scheme()) {
            case STANDARD_WEBHOOKS -> {
                id = id != null ? id : "msg_" + UUID.randomUUID().toString().replace("-", "");
                byte[] key = WebhookSecret.parse(secret).key();
                byte[] mac = Hmac.sha256(key, (id + "." + ts + ".").getBytes(StandardCharsets.UTF_8), body);
                headers.put("webhook-id", id);
                headers.put("webhook-timestamp", ts);
                headers.put("webhook-signature", "v1," + Base64.getEncoder().encodeToString(mac));
            }
            case STRIPE -> {
                if (id != null) {
                    body = withField(body, "id", id);
                } else {
                    id = bodyField(body, "id", "stripe");
                }
                byte[] mac = Hmac.sha256(secret, (ts + ".").getBytes(StandardCharsets.UTF_8), body);
                headers.put("Stripe-Signature", "t=" + ts + ",v1=" + hex(mac));
            }
            case GITHUB -> {
                id = id != null ? id : UUID.randomUUID().toString();
                headers.put("X-GitHub-Delivery", id);
                headers.put("X-GitHub-Event", requireType(type, "github", "X-GitHub-Event", "issues"));
                headers.put("X-Hub-Signature-256", "sha256=" + hex(Hmac.sha256(secret, body)));
            }
            case SHOPIFY -> {
                id = id != null ? id : UUID.randomUUID().toString();
                headers.put("X-Shopify-Webhook-Id", id);
                headers.put("X-Shopify-Topic", requireType(type, "shopify", "X-Shopify-Topic", "orders/create"));
                headers.put("X-Shopify-Triggered-At", now.toString());
                headers.put("X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(Hmac.sha256(secret, body)));
            }
            case SLACK -> {
                if (id != null) {
                    body = withField(body, "event_id", id);
                } else {
                    id = bodyField(body, "event_id", "slack");
                }
                byte[] mac = Hmac.sha256(secret, ("v0:" + ts + ":").getBytes(StandardCharsets.UTF_8), body);
                headers.put("X-Slack-Request-Timestamp", ts);
                headers.put("X-Slack-Signature", "v0=" + hex(mac));
            }
            case HMAC -> {
                // The event id is the signed body's id (the receiver ignores the unsigned id header),
                // so --id goes into the body; the header is sent too, as senders do.
                String bodyId = textField(body, "id");
                if (id == null) {
                    id = bodyId != null ? bodyId : "evt_" + UUID.randomUUID().toString().replace("-", "");
                }
                if (!id.equals(bodyId)) {
                    body = withField(body, "id", id);
                }
                headers.put(source.header("id", "X-Webhook-Id"), id);
                byte[] mac = Hmac.sha256(secret, (ts + ".").getBytes(StandardCharsets.UTF_8), body);
                headers.put(source.header("signature", "X-Webhook-Signature"), "t=" + ts + ",v1=" + hex(mac));
            }
            default -> throw new IllegalStateException("unknown scheme " + source.scheme());
        }
        return new SignedRequest(headers, body, id);
    }

    private static String requireType(String type, String scheme, String header, String example) {
        if (type == null || type.isBlank()) {
            throw new UsageException(scheme + " sends the event type in " + header
                    + ", not in the body: give it with --type, e.g. --type " + example);
        }
        return type;
    }

    private static String bodyField(byte[] body, String field, String scheme) {
        String value = textField(body, field);
        if (value == null) {
            throw new UsageException(scheme + " reads the event id from the body's \"" + field
                    + "\" field and the payload has none: add one, or give --id ID");
        }
        return value;
    }

    private static String textField(byte[] body, String field) {
        JsonNode node = Json.parseOrNull(body);
        return node == null ? null : Json.text(node, field);
    }

    private static byte[] withField(byte[] body, String field, String value) {
        JsonNode node = Json.parseOrNull(body);
        if (node == null || !node.isObject()) {
            throw new UsageException("--id needs a JSON object payload to put the id in");
        }
        ((ObjectNode) node).put(field, value);
        return Json.write(node).getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
