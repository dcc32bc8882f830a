package dev.hookline.core.endpoints;

import static dev.hookline.core.endpoints.EndpointAttributes.CIRCUIT_OPEN_UNTIL;
import static dev.hookline.core.endpoints.EndpointAttributes.CONSECUTIVE_FAILURES;
import static dev.hookline.core.endpoints.EndpointAttributes.DISABLED_REASON;
import static dev.hookline.core.endpoints.EndpointAttributes.EVENT_TYPES;
import static dev.hookline.core.endpoints.EndpointAttributes.FAILING_SINCE;
import static dev.hookline.core.endpoints.EndpointAttributes.GONE_SINCE;
import static dev.hookline.core.endpoints.EndpointAttributes.PK;
import static dev.hookline.core.endpoints.EndpointAttributes.PREVIOUS_SECRET_VERSION;
import static dev.hookline.core.endpoints.EndpointAttributes.SECRET_ROTATED_AT;
import static dev.hookline.core.endpoints.EndpointAttributes.SECRET_VERSION;
import static dev.hookline.core.endpoints.EndpointAttributes.STATUS;
import static dev.hookline.core.endpoints.EndpointAttributes.UPDATED_AT;
import static dev.hookline.core.endpoints.EndpointAttributes.URL;

import dev.hookline.core.config.EndpointSeed;
import dev.hookline.core.endpoints.internal.EndpointItems;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The endpoints table: the truth about subscribers. Every change validates its input and fails
 * with an {@link IllegalArgumentException} saying what is wrong, or
 * {@link EndpointNotFoundException} for an id that does not exist.
 */
public final class EndpointRegistry {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

    private final DynamoDbClient dynamo;
    private final String table;
    private final EndpointUrlPolicy urlPolicy;
    private final Clock clock;

    public EndpointRegistry(DynamoDbClient dynamo, String table, EndpointUrlPolicy urlPolicy, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.urlPolicy = urlPolicy;
        this.clock = clock;
    }

    /** Registers a new ACTIVE endpoint at secret version 1; fails if the id is taken. */
    public Endpoint create(String id, String url, List<String> eventTypes, String description) {
        validateId(id);
        urlPolicy.validate(url);
        validateTypes(eventTypes);
        Instant now = clock.instant();
        Endpoint endpoint = new Endpoint(id, url, eventTypes, EndpointStatus.ACTIVE, description, 1, null, null,
                0, null, null, null, now, now);
        try {
            dynamo.putItem(b -> b.tableName(table).item(EndpointItems.toItem(endpoint))
                    .conditionExpression("attribute_not_exists(" + PK + ")"));
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalArgumentException("endpoint '" + id + "' already exists");
        }
        return endpoint;
    }

    /** Creates the config file's endpoints that are not in the table yet; existing ones are left alone. */
    public List<Endpoint> seed(List<EndpointSeed> seeds) {
        List<Endpoint> created = new ArrayList<>();
        for (EndpointSeed seed : seeds) {
            if (get(seed.id()).isEmpty()) {
                try {
                    created.add(create(seed.id(), seed.url(), seed.eventTypes(), seed.description()));
                } catch (IllegalArgumentException e) {
                    if (get(seed.id()).isEmpty()) {
                        throw new IllegalArgumentException("endpoints seed '" + seed.id() + "': " + e.getMessage(), e);
                    }
                }
            }
        }
        return created;
    }

    public Optional<Endpoint> get(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(PK, AttributeValue.fromS(id)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(EndpointItems.fromItem(item));
    }

    public Endpoint require(String id) {
        return get(id).orElseThrow(() -> new EndpointNotFoundException(id));
    }

    /** Every endpoint, any status. The table holds subscribers, not events: a scan stays small. */
    public List<Endpoint> list() {
        List<Endpoint> endpoints = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder request = ScanRequest.builder().tableName(table);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse page = dynamo.scan(request.build());
            page.items().forEach(item -> endpoints.add(EndpointItems.fromItem(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        endpoints.sort(Comparator.comparing(Endpoint::id));
        return endpoints;
    }

    public Endpoint updateEventTypes(String id, List<String> eventTypes) {
        validateTypes(eventTypes);
        return update(id, "SET " + EVENT_TYPES + " = :v, " + UPDATED_AT + " = :now",
                Map.of(":v", AttributeValue.fromL(eventTypes.stream().map(AttributeValue::fromS).toList())));
    }

    public Endpoint updateUrl(String id, String url) {
        urlPolicy.validate(url);
        return update(id, "SET #url = :v, " + UPDATED_AT + " = :now",
                Map.of(":v", AttributeValue.fromS(url)));
    }

    /** Enables an endpoint and clears its failure state, so the circuit starts closed. */
    public Endpoint enable(String id) {
        return update(id, "SET #status = :active, " + CONSECUTIVE_FAILURES + " = :zero, " + UPDATED_AT + " = :now"
                        + " REMOVE " + DISABLED_REASON + ", " + FAILING_SINCE + ", " + CIRCUIT_OPEN_UNTIL + ", "
                        + GONE_SINCE,
                Map.of(":active", AttributeValue.fromS(EndpointStatus.ACTIVE.name()),
                        ":zero", AttributeValue.fromN("0")));
    }

    public Endpoint disable(String id, String reason) {
        return update(id, "SET #status = :disabled, " + DISABLED_REASON + " = :reason, " + UPDATED_AT
                        + " = :now",
                Map.of(":disabled", AttributeValue.fromS(EndpointStatus.DISABLED.name()),
                        ":reason", AttributeValue.fromS(reason == null ? "operator" : reason)));
    }

    /**
     * Bumps the secret version. The version being replaced keeps signing until the grace period
     * after {@code secretRotatedAt} ends, so receivers can switch without dropping a delivery.
     */
    public Endpoint rotateSecret(String id) {
        Endpoint current = require(id);
        try {
            return update(id, "SET " + SECRET_VERSION + " = :next, " + PREVIOUS_SECRET_VERSION + " = :current, "
                            + SECRET_ROTATED_AT + " = :now, " + UPDATED_AT + " = :now",
                    Map.of(":next", AttributeValue.fromN(Integer.toString(current.secretVersion() + 1)),
                            ":current", AttributeValue.fromN(Integer.toString(current.secretVersion()))),
                    SECRET_VERSION + " = :current");
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("endpoint '" + id + "' was rotated concurrently; try again");
        }
    }

    private Endpoint update(String id, String expression, Map<String, AttributeValue> values) {
        try {
            return update(id, expression, values, null);
        } catch (ConditionalCheckFailedException e) {
            throw new EndpointNotFoundException(id);
        }
    }

    private Endpoint update(String id, String expression, Map<String, AttributeValue> values, String condition) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":now", EndpointItems.millis(clock.instant()));
        Map<String, String> names = new HashMap<>();
        if (expression.contains("#status")) {
            names.put("#status", STATUS);
        }
        if (expression.contains("#url")) {
            names.put("#url", URL);
        }
        String fullCondition = "attribute_exists(" + PK + ")" + (condition == null ? "" : " AND " + condition);
        var request = UpdateItemRequest.builder()
                .tableName(table)
                .key(Map.of(PK, AttributeValue.fromS(id)))
                .updateExpression(expression)
                .conditionExpression(fullCondition)
                .expressionAttributeValues(all)
                .returnValues(ReturnValue.ALL_NEW);
        if (!names.isEmpty()) {
            request.expressionAttributeNames(names);
        }
        return EndpointItems.fromItem(dynamo.updateItem(request.build()).attributes());
    }

    private static void validateId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("endpoint id '" + id + "' is not valid: 1 to 64 letters, digits, _ or -");
        }
    }

    private static void validateTypes(List<String> eventTypes) {
        if (eventTypes == null || eventTypes.isEmpty()) {
            throw new IllegalArgumentException("an endpoint needs at least one event type pattern, such as '*'");
        }
        eventTypes.forEach(EventTypePattern::validate);
    }
}
