package dev.hookline.receiver.verify;

import dev.hookline.core.config.SourceConfig;
import dev.hookline.receiver.verify.internal.GenericHmacVerifier;
import dev.hookline.receiver.verify.internal.GithubVerifier;
import dev.hookline.receiver.verify.internal.ShopifyVerifier;
import dev.hookline.receiver.verify.internal.SlackVerifier;
import dev.hookline.receiver.verify.internal.StandardWebhooksVerifier;
import dev.hookline.receiver.verify.internal.StripeVerifier;
import java.time.Clock;

/**
 * Checks a webhook's signature with one source's scheme and secrets, and finds its event id and
 * type. Implementations never throw on hostile input: whatever the headers or body hold, the answer
 * is a {@link Verification}.
 */
public interface SignatureVerifier {

    Verification verify(WebhookRequest request);

    /** The verifier for a source's scheme; {@code clock} decides what "now" is for timestamped schemes. */
    static SignatureVerifier forSource(SourceConfig source, Clock clock) {
        return switch (source.scheme()) {
            case STANDARD_WEBHOOKS -> new StandardWebhooksVerifier(source, clock);
            case STRIPE -> new StripeVerifier(source, clock);
            case GITHUB -> new GithubVerifier(source);
            case SHOPIFY -> new ShopifyVerifier(source);
            case SLACK -> new SlackVerifier(source, clock);
            case HMAC -> new GenericHmacVerifier(source, clock);
        };
    }
}
