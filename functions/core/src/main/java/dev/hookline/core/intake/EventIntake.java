package dev.hookline.core.intake;

import dev.hookline.core.events.Claim;
import dev.hookline.core.events.ClaimResult;
import dev.hookline.core.events.EventClaims;
import dev.hookline.core.events.InboundMessage;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Accepting an event into the pipeline, once for every door (the receiver's webhooks, the publish
 * API): check it fits on the queue, claim its key in the events table (DESIGN §2), send it to the
 * inbound queue, mark the claim ENQUEUED. The guarantees live here, so no door can drop one:
 * <ul>
 *   <li>the size check comes before the claim: a 503 for an event that can never fit would have
 *   its sender retry into the same wall;</li>
 *   <li>a send SQS refused (a 4xx: it stored nothing) releases the claim, so the retry is accepted
 *   at once instead of being called a duplicate of an event that never reached the queue;</li>
 *   <li>a send whose outcome is unknown (a timeout, an I/O error, a 5xx) keeps the claim until its
 *   lease ends: SQS may hold the message, and the retry then takes the lease over and sends again
 *   (the processor skips the second copy);</li>
 *   <li>the message goes out as {@link InboundMessage#toJson()} writes it, through
 *   {@link dev.hookline.core.sqs.SqsText}, so characters SQS refuses travel escaped.</li>
 * </ul>
 * Nothing is thrown for a DynamoDB or SQS failure: it is an {@link IntakeResult.Unavailable}.
 */
public final class EventIntake {
    private static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);

    private final EventClaims claims;
    private final InboundQueue queue;
    private final Clock clock;

    public EventIntake(EventClaims claims, InboundQueue queue, Clock clock) {
        this.claims = claims;
        this.queue = queue;
        this.clock = clock;
    }

    /** Takes the event in; see the class comment for what each result guarantees. */
    public IntakeResult accept(InboundMessage message) {
        String body = InboundQueue.bodyWithinLimit(message);
        if (body == null) {
            return new IntakeResult.TooLarge();
        }
        ClaimResult claimed;
        try {
            claimed = claims.claim(message.source(), message.eventId(), message.type(), message.bodySha256(),
                    message.receivedAt());
        } catch (SdkException e) {
            return new IntakeResult.Unavailable(IntakeResult.Stage.CLAIM, e.getClass().getSimpleName(), false,
                    null, null);
        }
        return switch (claimed.kind()) {
            case DUPLICATE -> new IntakeResult.Duplicate();
            case CONFLICT -> new IntakeResult.Conflict();
            case IN_FLIGHT -> new IntakeResult.InFlight(claimed.retryAfter());
            case CLAIMED -> enqueue(message, body, claimed.claim());
        };
    }

    private IntakeResult enqueue(InboundMessage message, String body, Claim claim) {
        try {
            queue.send(message, body);
        } catch (SdkException e) {
            String error = e.getClass().getSimpleName();
            if (InboundQueue.refused(e)) {
                // SQS answered and took nothing: release, so the sender's retry is accepted.
                return new IntakeResult.Unavailable(IntakeResult.Stage.ENQUEUE, error, false, null, release(claim));
            }
            // SQS may have taken the message. Releasing would let the processor create the events
            // item on its own, and a retry might then meet an item it cannot vouch for. The claim
            // (with its body hash) stays PENDING until its lease ends; the retry then takes it over
            // and sends again, and the processor skips the second copy (PROCESSED, deterministic
            // delivery ids). Nothing is lost and the retry is never refused.
            Duration rest = Duration.ofMillis(claim.leaseUntil() - clock.millis() + 999);
            return new IntakeResult.Unavailable(IntakeResult.Stage.ENQUEUE, error, true,
                    rest.compareTo(MIN_RETRY_AFTER) < 0 ? MIN_RETRY_AFTER : rest, null);
        }
        try {
            if (!claims.markEnqueued(claim)) {
                // The processor got there first (PROCESSED) or our lease was taken over: either way
                // the event is on the queue, which is what the sender needs to hear.
                return new IntakeResult.Accepted("claim moved on before it was marked ENQUEUED", false);
            }
        } catch (SdkException e) {
            // The event is queued, so this is still accepted. The item stays PENDING until its lease
            // ends; the processor marks it PROCESSED whatever its status, which closes the window in
            // which a retry could take the lease over and queue the event again.
            return new IntakeResult.Accepted("queued, but marking ENQUEUED failed: " + e.getClass().getSimpleName(),
                    true);
        }
        return new IntakeResult.Accepted(null, false);
    }

    /** Releases a claim after a refused send; returns what went wrong with that, or null. */
    private String release(Claim claim) {
        try {
            return claims.release(claim) ? null : "claim was no longer ours to release";
        } catch (SdkException e) {
            // The lease runs out on its own, after which the retry takes the claim over.
            return "release failed too (" + e.getClass().getSimpleName() + "), lease will expire";
        }
    }

    /**
     * One read-only call on the table and on the queue, so a SnapStart snapshot holds warmed
     * clients. Writes nothing; SDK failures propagate (the caller decides whether priming matters).
     */
    public void prime() {
        claims.prime();
        queue.prime();
    }
}
