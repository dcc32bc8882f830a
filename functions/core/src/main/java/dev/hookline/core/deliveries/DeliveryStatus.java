package dev.hookline.core.deliveries;

/** State of a delivery record in the deliveries table. */
public enum DeliveryStatus {
    /** Created by the processor; the sender has not finished with it. */
    PENDING,
    /** An attempt failed and another is scheduled. */
    RETRYING,
    /** A 2xx was received. */
    SUCCEEDED,
    /** Given up: attempts exhausted, a permanent 4xx, or 410 Gone. */
    DEAD,
    /** Not sent because the endpoint is disabled; kept for replay. */
    SKIPPED
}
