package dev.hookline.core.endpoints;

/** Whether an endpoint receives deliveries. */
public enum EndpointStatus {
    ACTIVE,
    /** Disabled by an operator, by a 410 Gone, or after failing for days; deliveries are SKIPPED. */
    DISABLED
}
