package dev.hookline.core.endpoints;

/** Whether an endpoint receives deliveries. */
public enum EndpointStatus {
    ACTIVE,
    /** Disabled by an operator, by a 410 Gone, or after failing for days; deliveries are SKIPPED. */
    DISABLED,
    /**
     * Held by its owner: deliveries are kept (the sender defers them without a request and without
     * using their attempt budget, as during an open circuit) and go out on resume.
     */
    PAUSED
}
