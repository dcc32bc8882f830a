package dev.hookline.core.endpoints;

import static dev.hookline.core.endpoints.EndpointAttributes.CIRCUIT_OPEN_UNTIL;
import static dev.hookline.core.endpoints.EndpointAttributes.CONSECUTIVE_FAILURES;
import static dev.hookline.core.endpoints.EndpointAttributes.DISABLED_REASON;
import static dev.hookline.core.endpoints.EndpointAttributes.FAILING_SINCE;
import static dev.hookline.core.endpoints.EndpointAttributes.GONE_SINCE;
import static dev.hookline.core.endpoints.EndpointAttributes.PK;
import static dev.hookline.core.endpoints.EndpointAttributes.STATUS;
import static dev.hookline.core.endpoints.EndpointAttributes.UPDATED_AT;

import dev.hookline.core.endpoints.internal.EndpointItems;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * An endpoint's health in its record: consecutive failures, the failing streak's start, the
 * circuit, and how long it has been answering 410 Gone. Every change is a conditional UpdateItem, so
 * concurrent senders (several Lambda instances) agree: the counter is an atomic increment, the
 * circuit opens once, one probe wins, one sender disables.
 *
 * <p>Circuit: closed while {@code circuitOpenUntil} is absent. Open while it is in the future:
 * deliveries wait without a request. Once it has passed, the first sender to move it forward
 * ({@link #claimProbe}) sends one probe; a success closes the circuit ({@link #recordSuccess}),
 * a failure leaves it open for another period.
 *
 * <p>410 Gone: one 410 is not enough to disable an endpoint: a proxy or load balancer in the middle
 * of a deploy answers 410 for a minute, and disabling would set every queued delivery aside. A 410
 * counts as a failure and starts {@code goneSince}; any other answer clears it. Only an endpoint that
 * has answered nothing but 410 for {@link #GONE_CONFIRMATION} is disabled (reason {@code gone}).
 */
public final class EndpointHealth {
    /** How long an endpoint must keep answering 410 before it is disabled for it. */
    public static final Duration GONE_CONFIRMATION = Duration.ofHours(1);

    /**
     * The endpoint after a failure was recorded.
     *
     * @param disabledReason {@code gone} or {@code failing} when this call disabled the endpoint, else null
     */
    public record Outcome(Endpoint endpoint, String disabledReason) {
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final int threshold;
    private final Duration openFor;
    private final Duration disableAfter;

    public EndpointHealth(DynamoDbClient dynamo, String table, Clock clock, int threshold, Duration openFor,
                          Duration disableAfter) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.threshold = threshold;
        this.openFor = openFor;
        this.disableAfter = disableAfter;
    }

    /** Nothing to reset: no failures, no streak, circuit closed (a 410 run always comes with failures). */
    public static boolean healthy(Endpoint e) {
        return e.consecutiveFailures() == 0 && e.failingSince() == null && e.circuitOpenUntil() == null;
    }

    /**
     * A 2xx: failure counters reset and the circuit closes. Skips the write when the record shows
     * nothing to reset; returns empty then, so the caller keeps the copy (and its expiry) it has.
     */
    public Optional<Endpoint> recordSuccess(Endpoint endpoint) {
        if (healthy(endpoint)) {
            return Optional.empty();
        }
        return update(endpoint.id(), "SET " + CONSECUTIVE_FAILURES + " = :zero, " + UPDATED_AT + " = :now REMOVE "
                        + FAILING_SINCE + ", " + CIRCUIT_OPEN_UNTIL + ", " + GONE_SINCE, Map.of(":zero", n(0)), null)
                .map(EndpointItems::fromItem);
    }

    /**
     * A failed attempt: counts it, starts the failing streak if none, tracks a run of 410s, disables
     * an endpoint failing for {@code disableAfter} or gone for {@link #GONE_CONFIRMATION}, and opens
     * the circuit at the threshold.
     *
     * @param gone the endpoint answered 410
     */
    public Outcome recordFailure(Endpoint endpoint, boolean gone) {
        Instant now = clock.instant();
        Optional<Map<String, AttributeValue>> counted = update(endpoint.id(),
                "SET " + CONSECUTIVE_FAILURES + " = if_not_exists(" + CONSECUTIVE_FAILURES + ", :zero) + :one, "
                        + FAILING_SINCE + " = if_not_exists(" + FAILING_SINCE + ", :now), " + UPDATED_AT + " = :now"
                        + (gone ? ", " + GONE_SINCE + " = if_not_exists(" + GONE_SINCE + ", :now)"
                        : " REMOVE " + GONE_SINCE),
                Map.of(":zero", n(0), ":one", n(1)), null);
        if (counted.isEmpty()) {
            return new Outcome(endpoint, null);
        }
        Endpoint e = EndpointItems.fromItem(counted.get());
        AttributeValue goneValue = counted.get().get(GONE_SINCE);
        Instant goneSince = goneValue == null || goneValue.n() == null ? null
                : Instant.ofEpochMilli(Long.parseLong(goneValue.n()));
        String reason = null;
        if (e.status() == EndpointStatus.ACTIVE) {
            if (gone && goneSince != null && !goneSince.plus(GONE_CONFIRMATION).isAfter(now)) {
                reason = "gone";
            } else if (e.failingSince() != null && !e.failingSince().plus(disableAfter).isAfter(now)) {
                reason = "failing";
            }
        }
        if (reason != null) {
            // Conditional on ACTIVE: of several senders seeing the same streak, one disables (and reports it).
            Optional<Endpoint> disabled = update(e.id(),
                    "SET #status = :disabled, " + DISABLED_REASON + " = :reason, " + UPDATED_AT + " = :now",
                    Map.of(":disabled", s(EndpointStatus.DISABLED.name()), ":reason", s(reason),
                            ":active", s(EndpointStatus.ACTIVE.name())),
                    "#status = :active").map(EndpointItems::fromItem);
            return disabled.map(d -> new Outcome(d, d.disabledReason())).orElseGet(() -> new Outcome(e, null));
        }
        if (e.consecutiveFailures() >= threshold
                && (e.circuitOpenUntil() == null || !e.circuitOpenUntil().isAfter(now))) {
            return new Outcome(update(e.id(), "SET " + CIRCUIT_OPEN_UNTIL + " = :until, " + UPDATED_AT + " = :now",
                    Map.of(":until", millis(now.plus(openFor))),
                    "(attribute_not_exists(" + CIRCUIT_OPEN_UNTIL + ") OR " + CIRCUIT_OPEN_UNTIL + " <= :now)")
                    .map(EndpointItems::fromItem).orElse(e), null);
        }
        return new Outcome(e, null);
    }

    /**
     * The circuit's wait is over: try to become its one probe by moving {@code circuitOpenUntil}
     * forward. Returns the updated endpoint if this caller won, empty if another sender did.
     */
    public Optional<Endpoint> claimProbe(Endpoint endpoint) {
        Instant now = clock.instant();
        return update(endpoint.id(), "SET " + CIRCUIT_OPEN_UNTIL + " = :until, " + UPDATED_AT + " = :now",
                Map.of(":until", millis(now.plus(openFor)), ":seen", millis(endpoint.circuitOpenUntil())),
                CIRCUIT_OPEN_UNTIL + " = :seen AND " + CIRCUIT_OPEN_UNTIL + " <= :now")
                .map(EndpointItems::fromItem);
    }

    /** The item as written (ALL_NEW), or empty when the condition did not hold. */
    private Optional<Map<String, AttributeValue>> update(String id, String expression,
                                                         Map<String, AttributeValue> values, String condition) {
        Map<String, AttributeValue> all = new java.util.HashMap<>(values);
        all.put(":now", millis(clock.instant()));
        UpdateItemRequest.Builder request = UpdateItemRequest.builder()
                .tableName(table)
                .key(Map.of(PK, s(id)))
                .updateExpression(expression)
                .conditionExpression("attribute_exists(" + PK + ")" + (condition == null ? "" : " AND " + condition))
                .expressionAttributeValues(all)
                .returnValues(ReturnValue.ALL_NEW);
        if (expression.contains("#status") || (condition != null && condition.contains("#status"))) {
            request.expressionAttributeNames(Map.of("#status", STATUS));
        }
        try {
            return Optional.of(dynamo.updateItem(request.build()).attributes());
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    private static AttributeValue millis(Instant instant) {
        return EndpointItems.millis(instant);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
