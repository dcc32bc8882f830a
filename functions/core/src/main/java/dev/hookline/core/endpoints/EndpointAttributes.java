package dev.hookline.core.endpoints;

import dev.hookline.core.resources.Tables;

/**
 * Attribute names of an endpoints-table item (DESIGN §5): the one place they are spelled. The
 * table's reads and writes are {@link EndpointRegistry} (what an operator changes) and
 * {@link EndpointHealth} (what the sender learns from answers). Instants are epoch milliseconds (N),
 * so condition expressions can compare them.
 *
 * <p>None of these but {@link #STATUS} and {@link #URL} is a DynamoDB reserved word, so the update
 * expressions use the others as they are and those two through {@code #status} and {@code #url}.
 */
public final class EndpointAttributes {
    /** The endpoint id (S). */
    public static final String PK = Tables.PK;
    public static final String URL = "url";
    /** List of type patterns (L of S). */
    public static final String EVENT_TYPES = "eventTypes";
    /** {@link EndpointStatus} (S). */
    public static final String STATUS = "status";
    public static final String DESCRIPTION = "description";
    public static final String SECRET_VERSION = "secretVersion";
    public static final String PREVIOUS_SECRET_VERSION = "previousSecretVersion";
    public static final String SECRET_ROTATED_AT = "secretRotatedAt";
    public static final String CONSECUTIVE_FAILURES = "consecutiveFailures";
    /** Start of the current failing streak, absent while healthy. */
    public static final String FAILING_SINCE = "failingSince";
    /** Absent while the circuit is closed. */
    public static final String CIRCUIT_OPEN_UNTIL = "circuitOpenUntil";
    /** First 410 of an unbroken run of 410s, absent otherwise. */
    public static final String GONE_SINCE = "goneSince";
    /** {@code operator}, {@code gone} or {@code failing}, on a DISABLED endpoint. */
    public static final String DISABLED_REASON = "disabledReason";
    /** The owning tenant (S); absent on items written before tenants, which belong to {@code default}. */
    public static final String TENANT = "tenant";
    /** The owner's notes (M of S). */
    public static final String METADATA = "metadata";
    /** Custom delivery headers (M of S). */
    public static final String HEADERS = "headers";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";

    private EndpointAttributes() {
    }
}
