package dev.hookline.core.events;

import dev.hookline.core.resources.Tables;

/**
 * Attribute names of an events-table item (DESIGN §2): the one place they are spelled. The table's
 * reads and writes are {@link EventClaims} (the claim state machine) and {@link EventStore} (the
 * processor's progress); nothing else builds requests against the events table.
 */
public final class EventAttributes {
    public static final String PK = Tables.PK;
    /** {@code PENDING}, {@code ENQUEUED} or {@code PROCESSED} (S). */
    public static final String STATUS = "status";
    /** Epoch millis until which a PENDING claim belongs to the request that wrote it (N). */
    public static final String LEASE_UNTIL = "leaseUntil";
    /** Hex SHA-256 of the raw body (S): tells a duplicate from a conflicting replay. */
    public static final String BODY_SHA256 = "bodySha256";
    public static final String TYPE = "type";
    /** Epoch millis (N). */
    public static final String RECEIVED_AT = "receivedAt";
    /** Epoch seconds (N), the TTL attribute. */
    public static final String EXPIRES_AT = Tables.EXPIRES_AT;
    /** Epoch millis (N): when the processor marked the event PROCESSED. */
    public static final String PROCESSED_AT = "processedAt";
    /** String set (SS): names of the in-process handlers that completed for this event. */
    public static final String HANDLERS_DONE = "handlersDone";

    /*
     * Payload items ({@link EventPayloads}): one per event, beside the claim item, kept for the
     * delivery log's retention. Claim items have no TENANT, so the byTenant index holds only these.
     */
    /** Tenant whose endpoints the event fans out to (S); the hash key of {@link #BY_TENANT}. */
    public static final String TENANT = "tenant";
    /** The event's id in the API's routes (S): URL-safe, unique within the tenant. */
    public static final String EVENT_ID = "eventId";
    /** The events-table key of the event's claim item (S). */
    public static final String EVENT_KEY = "eventKey";
    /** The outbound {@code id} / {@code webhook-id} shared by every delivery of the event (S). */
    public static final String MESSAGE_ID = "messageId";
    /** The outbound JSON exactly as signed and sent (S); absent when it did not fit an item. */
    public static final String PAYLOAD = "payload";
    /** How many times the event was replayed (N); numbers each replay's delivery ids. */
    public static final String REPLAYS = "replays";
    /** Index for the events list: {@link #TENANT} + {@link #RECEIVED_AT}, projecting {@link #EVENT_ID} and {@link #TYPE}. */
    public static final String BY_TENANT = "byTenant";

    private EventAttributes() {
    }
}
