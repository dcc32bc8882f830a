package dev.hookline.processor;

import dev.hookline.core.config.Settings;
import dev.hookline.core.log.JsonLog;
import dev.hookline.processor.handlers.PaymentFailedAlert;

/**
 * THE place a team adds its business logic: register each {@link EventHandler} here under an
 * exact type or a prefix pattern. Plain code instead of classpath scanning or ServiceLoader: the
 * Lambda builds this once in static init and a cold start pays for nothing it does not use.
 * Build clients a handler needs here too (once), from {@code settings}.
 */
public final class RegisteredHandlers {
    private RegisteredHandlers() {
    }

    public static EventHandlers create(Settings settings, JsonLog log) {
        return EventHandlers.builder()
                // Example: turn Stripe's failed invoice payments into an alertable log line.
                .on("invoice.payment_failed", new PaymentFailedAlert(log))
                // .on("invoice.paid", new BillingNotifier(billingClient))
                // .on("customer.subscription.*", new SubscriptionSync(...))
                .build();
    }
}
