package dev.hookline.sender.internal;

import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointStatus;
import dev.hookline.core.endpoints.internal.EndpointItems;
import dev.hookline.core.resources.Tables;
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
 * circuit. Every change is a conditional UpdateItem, so concurrent senders (several Lambda
 * instances) agree: the counter is an atomic increment, the circuit opens once, one probe wins.
 *
 * <p>Circuit: closed while {@code circuitOpenUntil} is absent. Open while it is in the future:
 * deliveries wait without a request. Once it has passed, the first sender to move it forward
 * ({@link #claimProbe}) sends one probe; a success closes the circuit ({@link #recordSuccess}),
 * a failure leaves it open for another period.
 */
public final class EndpointHealth {
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

    public static boolean healthy(Endpoint e) {
        return e.consecutiveFailures() == 0 && e.failingSince() == null && e.circuitOpenUntil() == null;
    }

    /** A 2xx: failure counters reset and the circuit closes. Skips the write when the record shows nothing to reset. */
    public Endpoint recordSuccess(Endpoint endpoint) {
        if (healthy(endpoint)) {
            return endpoint;
        }
        return update(endpoint.id(), "SET consecutiveFailures = :zero, updatedAt = :now "
                + "REMOVE failingSince, circuitOpenUntil", Map.of(":zero", n(0)), null).orElse(endpoint);
    }

    /**
     * A failed attempt: counts it, starts the failing streak if none, opens the circuit at the
     * threshold, and disables an endpoint that has been failing for {@code disableAfter}.
     */
    public Endpoint recordFailure(Endpoint endpoint) {
        Instant now = clock.instant();
        Optional<Endpoint> counted = update(endpoint.id(),
                "SET consecutiveFailures = if_not_exists(consecutiveFailures, :zero) + :one, "
                        + "failingSince = if_not_exists(failingSince, :now), updatedAt = :now",
                Map.of(":zero", n(0), ":one", n(1)), null);
        if (counted.isEmpty()) {
            return endpoint;
        }
        Endpoint e = counted.get();
        if (e.status() == EndpointStatus.ACTIVE && e.failingSince() != null
                && !e.failingSince().plus(disableAfter).isAfter(now)) {
            return update(e.id(), "SET #status = :disabled, disabledReason = :reason, updatedAt = :now",
                    Map.of(":disabled", s(EndpointStatus.DISABLED.name()), ":reason", s("failing"),
                            ":active", s(EndpointStatus.ACTIVE.name())),
                    "#status = :active").orElse(e);
        }
        if (e.consecutiveFailures() >= threshold
                && (e.circuitOpenUntil() == null || !e.circuitOpenUntil().isAfter(now))) {
            return update(e.id(), "SET circuitOpenUntil = :until, updatedAt = :now",
                    Map.of(":until", millis(now.plus(openFor))),
                    "(attribute_not_exists(circuitOpenUntil) OR circuitOpenUntil <= :now)").orElse(e);
        }
        return e;
    }

    /**
     * The circuit's wait is over: try to become its one probe by moving {@code circuitOpenUntil}
     * forward. Returns the updated endpoint if this caller won, empty if another sender did.
     */
    public Optional<Endpoint> claimProbe(Endpoint endpoint) {
        Instant now = clock.instant();
        return update(endpoint.id(), "SET circuitOpenUntil = :until, updatedAt = :now",
                Map.of(":until", millis(now.plus(openFor)), ":seen", millis(endpoint.circuitOpenUntil())),
                "circuitOpenUntil = :seen AND circuitOpenUntil <= :now");
    }

    private Optional<Endpoint> update(String id, String expression, Map<String, AttributeValue> values,
                                      String condition) {
        Map<String, AttributeValue> all = new java.util.HashMap<>(values);
        all.put(":now", millis(clock.instant()));
        UpdateItemRequest.Builder request = UpdateItemRequest.builder()
                .tableName(table)
                .key(Map.of(Tables.PK, s(id)))
                .updateExpression(expression)
                .conditionExpression("attribute_exists(pk)" + (condition == null ? "" : " AND " + condition))
                .expressionAttributeValues(all)
                .returnValues(ReturnValue.ALL_NEW);
        if (expression.contains("#status") || (condition != null && condition.contains("#status"))) {
            request.expressionAttributeNames(Map.of("#status", "status"));
        }
        try {
            return Optional.of(EndpointItems.fromItem(dynamo.updateItem(request.build()).attributes()));
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
