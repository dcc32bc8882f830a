package dev.hookline.core.endpoints.internal;

import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointAttributes;
import dev.hookline.core.endpoints.EndpointStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps {@link Endpoint} to and from its item in the endpoints table. */
public final class EndpointItems {
    private EndpointItems() {
    }

    public static Map<String, AttributeValue> toItem(Endpoint e) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(EndpointAttributes.PK, s(e.id()));
        item.put(EndpointAttributes.URL, s(e.url()));
        item.put(EndpointAttributes.EVENT_TYPES, AttributeValue.fromL(e.eventTypes().stream().map(EndpointItems::s).toList()));
        item.put(EndpointAttributes.STATUS, s(e.status().name()));
        if (e.description() != null) {
            item.put(EndpointAttributes.DESCRIPTION, s(e.description()));
        }
        item.put(EndpointAttributes.SECRET_VERSION, n(e.secretVersion()));
        if (e.previousSecretVersion() != null) {
            item.put(EndpointAttributes.PREVIOUS_SECRET_VERSION, n(e.previousSecretVersion()));
        }
        putInstant(item, EndpointAttributes.SECRET_ROTATED_AT, e.secretRotatedAt());
        item.put(EndpointAttributes.CONSECUTIVE_FAILURES, n(e.consecutiveFailures()));
        putInstant(item, EndpointAttributes.FAILING_SINCE, e.failingSince());
        putInstant(item, EndpointAttributes.CIRCUIT_OPEN_UNTIL, e.circuitOpenUntil());
        if (e.disabledReason() != null) {
            item.put(EndpointAttributes.DISABLED_REASON, s(e.disabledReason()));
        }
        item.put(EndpointAttributes.TENANT, s(e.tenant()));
        if (!e.metadata().isEmpty()) {
            item.put(EndpointAttributes.METADATA, map(e.metadata()));
        }
        if (!e.headers().isEmpty()) {
            item.put(EndpointAttributes.HEADERS, map(e.headers()));
        }
        putInstant(item, EndpointAttributes.CREATED_AT, e.createdAt());
        putInstant(item, EndpointAttributes.UPDATED_AT, e.updatedAt());
        return item;
    }

    public static Endpoint fromItem(Map<String, AttributeValue> item) {
        return new Endpoint(
                item.get(EndpointAttributes.PK).s(),
                item.get(EndpointAttributes.URL).s(),
                item.containsKey(EndpointAttributes.EVENT_TYPES) ? item.get(EndpointAttributes.EVENT_TYPES).l().stream().map(AttributeValue::s).toList()
                        : List.of(),
                EndpointStatus.valueOf(item.get(EndpointAttributes.STATUS).s()),
                item.containsKey(EndpointAttributes.DESCRIPTION) ? item.get(EndpointAttributes.DESCRIPTION).s() : null,
                intOf(item, EndpointAttributes.SECRET_VERSION, 1),
                item.containsKey(EndpointAttributes.PREVIOUS_SECRET_VERSION) ? intOf(item, EndpointAttributes.PREVIOUS_SECRET_VERSION, 0) : null,
                instant(item, EndpointAttributes.SECRET_ROTATED_AT),
                intOf(item, EndpointAttributes.CONSECUTIVE_FAILURES, 0),
                instant(item, EndpointAttributes.FAILING_SINCE),
                instant(item, EndpointAttributes.CIRCUIT_OPEN_UNTIL),
                item.containsKey(EndpointAttributes.DISABLED_REASON) ? item.get(EndpointAttributes.DISABLED_REASON).s() : null,
                instant(item, EndpointAttributes.CREATED_AT),
                instant(item, EndpointAttributes.UPDATED_AT),
                item.containsKey(EndpointAttributes.TENANT) ? item.get(EndpointAttributes.TENANT).s() : null,
                stringMap(item.get(EndpointAttributes.METADATA)),
                stringMap(item.get(EndpointAttributes.HEADERS)));
    }

    /** A string map as DynamoDB's M of S. */
    public static AttributeValue map(Map<String, String> values) {
        Map<String, AttributeValue> m = new HashMap<>();
        values.forEach((k, v) -> m.put(k, s(v)));
        return AttributeValue.fromM(m);
    }

    private static Map<String, String> stringMap(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return Map.of();
        }
        Map<String, String> m = new HashMap<>();
        value.m().forEach((k, v) -> m.put(k, v.s()));
        return m;
    }

    /** Instants are stored as epoch milliseconds: comparable in condition expressions. */
    public static AttributeValue millis(Instant instant) {
        return n(instant.toEpochMilli());
    }

    private static void putInstant(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, millis(value));
        }
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Instant.ofEpochMilli(Long.parseLong(v.n()));
    }

    private static int intOf(Map<String, AttributeValue> item, String name, int fallback) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? fallback : Integer.parseInt(v.n());
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
