package dev.hookline.receiver.verify.internal;

import dev.hookline.receiver.verify.Verification;
import dev.hookline.receiver.verify.WebhookRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The check Stripe and the generic {@code hmac} scheme share: a {@code t=<unix>,v1=<hex>[,v1=..]}
 * header, the timestamp within tolerance, and a hex HMAC-SHA256 over {@code t.body} matching
 * under any of the keys.
 */
final class TimestampedHmac {
    private final String headerName;
    private final SecretKeys keys;
    private final Duration tolerance;
    private final Clock clock;

    TimestampedHmac(String headerName, SecretKeys keys, Duration tolerance, Clock clock) {
        this.headerName = headerName;
        this.keys = keys;
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /** The signed {@code t} of a request whose signature holds ({@link #refusal} empty). */
    String timestamp(WebhookRequest request) {
        return SignedHeader.parse(request.header(headerName)).timestamp();
    }

    /** Why the request is refused, or empty when its signature holds. */
    Optional<Verification> refusal(WebhookRequest request) {
        String header = request.header(headerName);
        if (header == null) {
            return Optional.of(Verification.rejected("missing " + headerName + " header"));
        }
        SignedHeader signed = SignedHeader.parse(header);
        if (signed == null || signed.timestamp() == null || signed.v1().isEmpty()) {
            return Optional.of(Verification.rejected("malformed " + headerName + " header"));
        }
        if (!Timestamps.withinTolerance(signed.timestamp(), clock, tolerance)) {
            return Optional.of(Verification.rejected("timestamp malformed or outside tolerance"));
        }
        if (!Signatures.anyMatches(keys, signed.v1(), Signatures.utf8(signed.timestamp()), Signatures.DOT,
                request.body())) {
            return Optional.of(Verification.rejected("no signature matched"));
        }
        return Optional.empty();
    }
}
