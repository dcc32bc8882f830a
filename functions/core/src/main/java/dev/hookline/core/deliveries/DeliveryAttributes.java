package dev.hookline.core.deliveries;

/**
 * Attribute names of a deliveries-table item: the processor creates it PENDING, the sender
 * appends attempts and sets the final status, the CLI reads it. Instants are epoch milliseconds
 * (numbers) except {@code expiresAt}, which is epoch seconds for DynamoDB TTL.
 */
public final class DeliveryAttributes {
    /** {@code <eventKey>/<endpointId>}, see {@link DeliveryMessage#deliveryId(String, String)}. */
    public static final String PK = dev.hookline.core.resources.Tables.PK;
    public static final String STATUS = "status";
    public static final String ENDPOINT_ID = "endpointId";
    public static final String EVENT_KEY = "eventKey";
    public static final String MESSAGE_ID = "messageId";
    public static final String TYPE = "type";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    /** Number of HTTP attempts made so far (every run: a redrive does not reset it). */
    public static final String ATTEMPTS = "attempts";
    /**
     * {@link #ATTEMPTS} when the delivery was last redriven (absent: never): the current run's attempt
     * budget is used by {@code attempts - attemptsBeforeRedrive} only.
     */
    public static final String ATTEMPTS_BEFORE_REDRIVE = "attemptsBeforeRedrive";
    /**
     * On a DEAD or SKIPPED record: the id carried by the copy of its message the sender put in
     * deliveries-dlq. That copy, redriven, reopens the record; any other copy is a duplicate.
     */
    public static final String DEAD_LETTER_ID = "deadLetterId";
    /** When the delivery was last reopened by a redrive (millis). */
    public static final String REDRIVEN_AT = "redrivenAt";
    /**
     * List of maps, one per attempt: {@code at} (millis), {@code statusCode} (number, absent on a
     * network error), {@code durationMs}, {@code error} (short text), {@code responseBody} (first 1 KiB), {@code http} (true for a
     * request; false for a deferral or skip; absent on older entries).
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
