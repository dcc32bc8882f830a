package dev.hookline.processor.internal;

import java.util.List;

/** Some deliveries of an event could not be enqueued; the event's record must be retried. */
public final class FanOutException extends RuntimeException {
    /** @param failures one "endpointId: reason" per delivery that is not on the queue */
    public FanOutException(int enqueued, List<String> failures) {
        super(failures.size() + " of " + (enqueued + failures.size())
                + " deliveries could not be enqueued: " + String.join("; ", failures));
    }
}
