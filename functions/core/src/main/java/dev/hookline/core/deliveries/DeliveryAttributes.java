package dev.hookline.core.deliveries;

/**
 * Attribute names of a deliveries-table item: the processor creates it PENDING, the sender
 * appends attempts and sets the final status, the CLI reads it. Instants are epoch milliseconds
 * (numbers) except {@code expiresAt}, which is epoch seconds for DynamoDB TTL.
 */
public final class DeliveryAttributes {
    /** {@code <eventKey>/<endpointId>}, see {@link DeliveryMessage#deliveryId(String, String)}. */
    public static final String PK = "pk";
    public static final String STATUS = "status";
    public static final String ENDPOINT_ID = "endpointId";
    public static final String EVENT_KEY = "eventKey";
    public static final String MESSAGE_ID = "messageId";
    public static final String TYPE = "type";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    /** Number of HTTP attempts made so far. */
    public static final String ATTEMPTS = "attempts";
    /**
     * List of maps, one per attempt: {@code at} (millis), {@code statusCode} (number, absent on a
     * network error), {@code durationMs}, {@code error} (short text), {@code responseBody} (first 1 KiB).
     */
    public static final String ATTEMPT_LOG = "attemptLog";
    public static final String LAST_STATUS_CODE = "lastStatusCode";
    public static final String LAST_ERROR = "lastError";
    public static final String NEXT_ATTEMPT_AT = "nextAttemptAt";
    /** Set by the processor once the delivery's message is on the deliveries queue (millis). */
    public static final String ENQUEUED_AT = "enqueuedAt";
    public static final String EXPIRES_AT = "expiresAt";

    /** How long a delivery record is kept (DESIGN §4). */
    public static final java.time.Duration RETENTION = java.time.Duration.ofDays(30);

    private DeliveryAttributes() {
    }
}
