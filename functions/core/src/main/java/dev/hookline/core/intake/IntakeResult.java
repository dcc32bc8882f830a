package dev.hookline.core.intake;

import java.time.Duration;

/**
 * What {@link EventIntake#accept} did with an event. Each door maps it to its own answer (the
 * receiver to DESIGN §2's status codes, the publish route to §9's); none of them holds a secret or
 * a body, so every field may be logged.
 */
public sealed interface IntakeResult {

    /**
     * Claimed and on the inbound queue: the caller may answer "accepted".
     *
     * @param note       why the claim was not marked ENQUEUED (it moved on, or the write failed), else null
     * @param markFailed the ENQUEUED write failed (the item stays PENDING until its lease ends)
     */
    record Accepted(String note, boolean markFailed) implements IntakeResult {
    }

    /** Already accepted with the same body: nothing was queued. */
    record Duplicate() implements IntakeResult {
    }

    /** Same event id, different body: refused, and a security event for the caller to log. */
    record Conflict() implements IntakeResult {
    }

    /** Another request holds a live claim on the event: retry after {@code retryAfter}. */
    record InFlight(Duration retryAfter) implements IntakeResult {
    }

    /** The queue message (after escaping, with its attributes) would be over SQS's 1 MiB: nothing was claimed. */
    record TooLarge() implements IntakeResult {
    }

    /**
     * DynamoDB or SQS failed; the caller answers "try again" (503).
     *
     * @param stage      which call failed
     * @param error      the SDK exception's simple class name
     * @param ambiguous  SQS may have stored the message (timeout, I/O error, 5xx): the claim is kept
     * @param retryAfter when a retry can succeed (the rest of the kept claim's lease); null: at once
     * @param note       what happened to the claim after a refused send, or null
     */
    record Unavailable(Stage stage, String error, boolean ambiguous, Duration retryAfter, String note)
            implements IntakeResult {
    }

    /** The step of the intake that failed. */
    enum Stage {
        CLAIM,
        ENQUEUE
    }
}
