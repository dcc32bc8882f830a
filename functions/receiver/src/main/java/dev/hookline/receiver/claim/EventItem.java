package dev.hookline.receiver.claim;

import dev.hookline.core.events.EventAttributes;

/**
 * Attribute names of an events-table item (DESIGN §2), as {@link EventAttributes} defines them for
 * the receiver and the processor both.
 */
public final class EventItem {
    public static final String PK = EventAttributes.PK;
    /** {@code PENDING}, {@code ENQUEUED} or {@code PROCESSED} (S). */
    public static final String STATUS = EventAttributes.STATUS;
    /** Epoch millis until which a PENDING claim belongs to the request that wrote it (N). */
    public static final String LEASE_UNTIL = EventAttributes.LEASE_UNTIL;
    /** Hex SHA-256 of the raw body (S): tells a duplicate from a conflicting replay. */
    public static final String BODY_SHA256 = EventAttributes.BODY_SHA256;
    public static final String TYPE = EventAttributes.TYPE;
    /** Epoch millis (N). */
    public static final String RECEIVED_AT = EventAttributes.RECEIVED_AT;
    /** Epoch seconds (N), the TTL attribute: receivedAt + dedupe window. */
    public static final String EXPIRES_AT = EventAttributes.EXPIRES_AT;

    private EventItem() {
    }
}
