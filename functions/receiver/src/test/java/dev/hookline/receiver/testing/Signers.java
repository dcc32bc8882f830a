package dev.hookline.receiver.testing;

import dev.hookline.core.crypto.Hmac;
import dev.hookline.core.signing.WebhookSecret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/** Signs test requests the way each provider does, written from the schemes' documentation. */
public final class Signers {
    private Signers() {
    }

    public static String standardWebhooks(String whsecSecret, String id, String timestamp, byte[] body) {
        byte[] key = WebhookSecret.parse(whsecSecret).key();
        return "v1," + Base64.getEncoder().encodeToString(Hmac.sha256(key, utf8(id + "." + timestamp + "."), body));
    }

    /** {@code t=<ts>,v1=<hex>}: Stripe, and the generic hmac scheme. */
    public static String timestampedHex(String secret, String timestamp, byte[] body) {
        return "t=" + timestamp + ",v1=" + hex(Hmac.sha256(secret, utf8(timestamp + "."), body));
    }

    public static String github(String secret, byte[] body) {
        return "sha256=" + hex(Hmac.sha256(secret, body));
    }

    public static String shopify(String secret, byte[] body) {
        return Base64.getEncoder().encodeToString(Hmac.sha256(secret, body));
    }

    public static String slack(String secret, String timestamp, byte[] body) {
        return "v0=" + hex(Hmac.sha256(secret, utf8("v0:" + timestamp + ":"), body));
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
