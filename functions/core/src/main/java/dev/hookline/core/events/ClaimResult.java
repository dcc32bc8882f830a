package dev.hookline.core.events;

import java.time.Duration;

/**
 * What a claim attempt found.
 *
 * @param claim      ours when {@link Kind#CLAIMED}, else null
 * @param retryAfter how long the current holder's lease still runs ({@link Kind#IN_FLIGHT} only)
 */
public record ClaimResult(Kind kind, Claim claim, Duration retryAfter) {

    public enum Kind {
        /** New event (or an abandoned claim taken over): ours to enqueue. */
        CLAIMED,
        /** Already accepted with the same body: answer 200, enqueue nothing. */
        DUPLICATE,
        /** Same event id, different body: a replay or a provider bug, refused and logged. */
        CONFLICT,
        /** Another request holds a live claim on it: the provider should retry later. */
        IN_FLIGHT
    }

    static ClaimResult claimed(Claim claim) {
        return new ClaimResult(Kind.CLAIMED, claim, null);
    }

    static ClaimResult of(Kind kind) {
        return new ClaimResult(kind, null, null);
    }

    static ClaimResult inFlight(Duration retryAfter) {
        return new ClaimResult(Kind.IN_FLIGHT, null, retryAfter);
    }
}
