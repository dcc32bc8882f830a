package dev.hookline.receiver.verify;

/**
 * The verdict on one request.
 *
 * @param outcome   what the receiver does next
 * @param eventId   the provider's event id (VERIFIED only)
 * @param type      the event type (VERIFIED only)
 * @param challenge what to echo back (CHALLENGE only: Slack's url_verification)
 * @param reason    why a request was refused, for the log only: never sent to the caller
 */
public record Verification(Outcome outcome, String eventId, String type, String challenge, String reason) {

    public enum Outcome {
        /** Signature valid, event id and type found: claim and enqueue. */
        VERIFIED,
        /** Signature valid and the provider only checks the endpoint: answer, enqueue nothing. */
        CHALLENGE,
        /** Missing or invalid signature, or a timestamp outside tolerance: 401. */
        REJECTED,
        /** Signature valid but the body or headers lack what the scheme needs (event id, type): 400. */
        INVALID
    }

    public static Verification verified(String eventId, String type) {
        return new Verification(Outcome.VERIFIED, eventId, type, null, null);
    }

    public static Verification challenge(String challenge) {
        return new Verification(Outcome.CHALLENGE, null, null, challenge, null);
    }

    public static Verification rejected(String reason) {
        return new Verification(Outcome.REJECTED, null, null, null, reason);
    }

    public static Verification invalid(String reason) {
        return new Verification(Outcome.INVALID, null, null, null, reason);
    }

    /** Whether the signature itself was accepted (whatever the body then held). */
    public boolean signatureAccepted() {
        return outcome != Outcome.REJECTED;
    }
}
