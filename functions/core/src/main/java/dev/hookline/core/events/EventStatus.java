package dev.hookline.core.events;

/** Life of an item in the events table: claimed by the receiver, queued, then routed by the processor. */
public enum EventStatus {
    /** Claimed by a receiver request that has not yet enqueued it; held under a lease. */
    PENDING,
    /** On the inbound queue. */
    ENQUEUED,
    /** Routed: handlers ran and deliveries were fanned out. */
    PROCESSED
}
