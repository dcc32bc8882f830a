package dev.hookline.core.deliveries;

/** State of a delivery record in the deliveries table. */
public enum DeliveryStatus {
    /** Created by the processor; the sender has not finished with it. */
    PENDING,
    /** An attempt failed and another is scheduled. */
    RETRYING,
    /** A 2xx was received. */
    SUCCEEDED,
    /**
     * Given up: attempts exhausted, a permanent 4xx, a 410 Gone that disabled the endpoint. Its
     * message is in deliveries-dlq; a redrive of that copy runs it again with a fresh budget.
     */
    DEAD,
    /**
     * Not sent because the endpoint is disabled. Its message (the payload) is in deliveries-dlq for
     * 14 days; a redrive after the endpoint is enabled delivers it.
     */
    SKIPPED
}
