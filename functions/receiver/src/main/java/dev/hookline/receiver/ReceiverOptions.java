package dev.hookline.receiver;

import dev.hookline.core.config.Settings;
import java.time.Duration;

/**
 * The receiver's tunables.
 *
 * @param dedupeWindow how long an accepted event id is remembered (the events item's TTL)
 * @param claimLease   how long a PENDING claim shuts out other requests for the same event
 * @param maxBodyBytes largest raw body accepted (after undoing API Gateway's base64)
 */
public record ReceiverOptions(Duration dedupeWindow, Duration claimLease, long maxBodyBytes) {

    public static ReceiverOptions from(Settings settings) {
        return new ReceiverOptions(settings.dedupeWindow(), settings.claimLease(), settings.maxBodyBytes());
    }

    public static ReceiverOptions defaults() {
        return new ReceiverOptions(Duration.ofHours(72), Duration.ofSeconds(30), Settings.DEFAULT_MAX_BODY_BYTES);
    }
}
