package dev.hookline.receiver.verify.internal;

import dev.hookline.core.crypto.Hmac;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.crypto.Mac;

/**
 * A source's secrets, each keyed into an HMAC-SHA256 once when the verifier is built. A check
 * clones the keyed instance (a {@link Mac} is not thread-safe), which skips the provider lookup
 * and key setup that {@code Mac.getInstance} + {@code init} would cost on every request.
 */
final class SecretKeys {
    private final List<Mac> keyed;

    private SecretKeys(List<Mac> keyed) {
        this.keyed = keyed;
    }

    static SecretKeys of(List<byte[]> keys) {
        return new SecretKeys(keys.stream().map(Hmac::newMac).toList());
    }

    /** Each secret's UTF-8 bytes are the key (every scheme but Standard Webhooks). */
    static SecretKeys utf8(List<String> secrets) {
        return of(secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
    }

    List<Mac> fresh() {
        return keyed.stream().map(SecretKeys::copy).toList();
    }

    private static Mac copy(Mac prototype) {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this JDK's HmacSHA256 cannot be cloned", e);
        }
    }
}
