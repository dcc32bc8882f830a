package dev.hookline.core.endpoints;

import static dev.hookline.core.endpoints.EndpointAttributes.CIRCUIT_OPEN_UNTIL;
import static dev.hookline.core.endpoints.EndpointAttributes.CONSECUTIVE_FAILURES;
import static dev.hookline.core.endpoints.EndpointAttributes.DESCRIPTION;
import static dev.hookline.core.endpoints.EndpointAttributes.DISABLED_REASON;
import static dev.hookline.core.endpoints.EndpointAttributes.EVENT_TYPES;
import static dev.hookline.core.endpoints.EndpointAttributes.FAILING_SINCE;
import static dev.hookline.core.endpoints.EndpointAttributes.GONE_SINCE;
import static dev.hookline.core.endpoints.EndpointAttributes.HEADERS;
import static dev.hookline.core.endpoints.EndpointAttributes.METADATA;
import static dev.hookline.core.endpoints.EndpointAttributes.PK;
import static dev.hookline.core.endpoints.EndpointAttributes.PREVIOUS_SECRET_VERSION;
import static dev.hookline.core.endpoints.EndpointAttributes.SECRET_ROTATED_AT;
import static dev.hookline.core.endpoints.EndpointAttributes.SECRET_VERSION;
import static dev.hookline.core.endpoints.EndpointAttributes.STATUS;
import static dev.hookline.core.endpoints.EndpointAttributes.UPDATED_AT;
import static dev.hookline.core.endpoints.EndpointAttributes.URL;

import dev.hookline.core.config.EndpointSeed;
import dev.hookline.core.endpoints.internal.EndpointItems;
import dev.hookline.core.paging.Slice;
import dev.hookline.core.tenants.TenantId;
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
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

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

    /** Registers a new ACTIVE endpoint of the {@code default} tenant at secret version 1; fails if the id is taken. */
    public Endpoint create(String id, String url, List<String> eventTypes, String description) {
        return create(new NewEndpoint(id, TenantId.DEFAULT, url, eventTypes, description, Map.of(), Map.of()));
    }

    /** What a new endpoint is made of; {@code id} null for a generated one ({@link #newId()}). */
    public record NewEndpoint(String id, String tenant, String url, List<String> eventTypes, String description,
                              Map<String, String> metadata, Map<String, String> headers) {
    }

    /** A fresh URL-safe id: {@code ep_} and 80 random bits in lower-case base32 (16 characters). */
    public static String newId() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        StringBuilder out = new StringBuilder("ep_");
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        return out.toString();
    }

    /** Registers a new ACTIVE endpoint at secret version 1; fails if the id is taken. */
    public Endpoint create(NewEndpoint spec) {
        String id = spec.id() == null ? newId() : spec.id();
        validateId(id);
        urlPolicy.validate(spec.url());
        validateTypes(spec.eventTypes());
        EndpointHeaders.validate(spec.headers());
        // Stored as epoch milliseconds: what is returned now reads the same as what is read back later.
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Endpoint endpoint = new Endpoint(id, spec.url(), spec.eventTypes(), EndpointStatus.ACTIVE, spec.description(),
                1, null, null, 0, null, null, null, now, now, spec.tenant(), spec.metadata(), spec.headers());
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

    /**
     * One tenant's endpoints in id order, {@code limit} after {@code after}. Keyset paging on the id:
     * an endpoint created between two pages is either on a later page or before the cursor, and no
     * endpoint is repeated or skipped. The scan reads the whole (small) table, as {@link #list} does.
     */
    public Slice<Endpoint> list(String tenant, int limit, String after) {
        List<Endpoint> mine = list().stream().filter(e -> e.tenant().equals(tenant))
                .filter(e -> after == null || e.id().compareTo(after) > 0).toList();
        if (mine.size() <= limit) {
            return new Slice<>(mine, null);
        }
        List<Endpoint> page = mine.subList(0, limit);
        return new Slice<>(page, page.get(limit - 1).id());
    }

    /** An endpoint of {@code tenant}; another tenant's is as absent as a missing one. */
    public Optional<Endpoint> get(String tenant, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return get(id).filter(e -> e.tenant().equals(tenant));
    }

    /** What a PATCH changes: null fields stay; {@code description} "" removes it. */
    public record Changes(String url, List<String> eventTypes, String description, boolean removeDescription,
                          Map<String, String> metadata, Map<String, String> headers) {
    }

    /** Applies {@code changes} in one conditional update (the endpoint must still be the tenant's). */
    public Endpoint update(String tenant, String id, Changes changes) {
        List<String> sets = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        Map<String, AttributeValue> values = new HashMap<>();
        if (changes.url() != null) {
            urlPolicy.validate(changes.url());
            sets.add("#url = :url");
            values.put(":url", AttributeValue.fromS(changes.url()));
        }
        if (changes.eventTypes() != null) {
            validateTypes(changes.eventTypes());
            sets.add(EVENT_TYPES + " = :types");
            values.put(":types", AttributeValue.fromL(changes.eventTypes().stream().map(AttributeValue::fromS).toList()));
        }
        if (changes.removeDescription()) {
            removes.add(DESCRIPTION);
        } else if (changes.description() != null) {
            sets.add(DESCRIPTION + " = :description");
            values.put(":description", AttributeValue.fromS(changes.description()));
        }
        if (changes.metadata() != null) {
            sets.add(METADATA + " = :metadata");
            values.put(":metadata", EndpointItems.map(changes.metadata()));
        }
        if (changes.headers() != null) {
            EndpointHeaders.validate(changes.headers());
            sets.add(HEADERS + " = :headers");
            values.put(":headers", EndpointItems.map(changes.headers()));
        }
        sets.add(UPDATED_AT + " = :now");
        values.put(":tenant", AttributeValue.fromS(tenant));
        String expression = "SET " + String.join(", ", sets) + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        try {
            return update(id, expression, values, tenantCondition(tenant));
        } catch (ConditionalCheckFailedException e) {
            throw new EndpointNotFoundException(id);
        }
    }

    /** Deletes a tenant's endpoint; false when there was none. */
    public boolean delete(String tenant, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return false;
        }
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of(PK, AttributeValue.fromS(id)))
                    .conditionExpression("attribute_exists(" + PK + ") AND " + tenantCondition(tenant))
                    .expressionAttributeValues(Map.of(":tenant", AttributeValue.fromS(tenant))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Holds an ACTIVE endpoint: its deliveries wait (kept, no attempt used) until {@link #resume}.
     * A DISABLED endpoint stays disabled (its deliveries are skipped, and pausing must not hide that).
     */
    public Endpoint pause(String tenant, String id) {
        return transition(tenant, id, EndpointStatus.PAUSED, EndpointStatus.ACTIVE, EndpointStatus.PAUSED);
    }

    /** Ends a pause; the waiting deliveries go out as their messages come back. */
    public Endpoint resume(String tenant, String id) {
        return transition(tenant, id, EndpointStatus.ACTIVE, EndpointStatus.PAUSED, EndpointStatus.ACTIVE);
    }

    /** Thrown when an endpoint's status does not allow a change (pausing a disabled endpoint). */
    public static final class WrongStatusException extends RuntimeException {
        public WrongStatusException(String message) {
            super(message);
        }
    }

    private Endpoint transition(String tenant, String id, EndpointStatus to, EndpointStatus... from) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":to", AttributeValue.fromS(to.name()));
        values.put(":tenant", AttributeValue.fromS(tenant));
        List<String> allowed = new ArrayList<>();
        for (int i = 0; i < from.length; i++) {
            values.put(":from" + i, AttributeValue.fromS(from[i].name()));
            allowed.add(":from" + i);
        }
        try {
            return update(id, "SET #status = :to, " + UPDATED_AT + " = :now", values,
                    tenantCondition(tenant) + " AND #status IN (" + String.join(", ", allowed) + ")");
        } catch (ConditionalCheckFailedException e) {
            Endpoint current = get(tenant, id).orElseThrow(() -> new EndpointNotFoundException(id));
            throw new WrongStatusException("endpoint is " + current.status() + "; this needs "
                    + java.util.Arrays.toString(from));
        }
    }

    /** Items from before tenants carry no attribute and belong to {@code default}. */
    private static String tenantCondition(String tenant) {
        return TenantId.DEFAULT.equals(tenant)
                ? "(" + EndpointAttributes.TENANT + " = :tenant OR attribute_not_exists(" + EndpointAttributes.TENANT + "))"
                : EndpointAttributes.TENANT + " = :tenant";
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
