package dev.hookline.processor.internal;

import java.util.List;

/** Some deliveries of an event could not be enqueued; the event's record must be retried. */
public final class FanOutException extends RuntimeException {
    private final List<String> failedEndpoints;

    public FanOutException(int enqueued, List<String> failures, List<String> failedEndpoints) {
        super(failedEndpoints.size() + " of " + (enqueued + failedEndpoints.size())
                + " deliveries could not be enqueued: " + String.join("; ", failures));
        this.failedEndpoints = List.copyOf(failedEndpoints);
    }

    public List<String> failedEndpoints() {
        return failedEndpoints;
    }
}
