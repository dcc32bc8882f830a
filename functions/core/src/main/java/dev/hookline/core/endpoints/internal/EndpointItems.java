package dev.hookline.core.endpoints.internal;

import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointStatus;
import dev.hookline.core.resources.Tables;
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
        item.put(Tables.PK, s(e.id()));
        item.put("url", s(e.url()));
        item.put("eventTypes", AttributeValue.fromL(e.eventTypes().stream().map(EndpointItems::s).toList()));
        item.put("status", s(e.status().name()));
        if (e.description() != null) {
            item.put("description", s(e.description()));
        }
        item.put("secretVersion", n(e.secretVersion()));
        if (e.previousSecretVersion() != null) {
            item.put("previousSecretVersion", n(e.previousSecretVersion()));
        }
        putInstant(item, "secretRotatedAt", e.secretRotatedAt());
        item.put("consecutiveFailures", n(e.consecutiveFailures()));
        putInstant(item, "failingSince", e.failingSince());
        putInstant(item, "circuitOpenUntil", e.circuitOpenUntil());
        if (e.disabledReason() != null) {
            item.put("disabledReason", s(e.disabledReason()));
        }
        putInstant(item, "createdAt", e.createdAt());
        putInstant(item, "updatedAt", e.updatedAt());
        return item;
    }

    public static Endpoint fromItem(Map<String, AttributeValue> item) {
        return new Endpoint(
                item.get(Tables.PK).s(),
                item.get("url").s(),
                item.containsKey("eventTypes") ? item.get("eventTypes").l().stream().map(AttributeValue::s).toList()
                        : List.of(),
                EndpointStatus.valueOf(item.get("status").s()),
                item.containsKey("description") ? item.get("description").s() : null,
                intOf(item, "secretVersion", 1),
                item.containsKey("previousSecretVersion") ? intOf(item, "previousSecretVersion", 0) : null,
                instant(item, "secretRotatedAt"),
                intOf(item, "consecutiveFailures", 0),
                instant(item, "failingSince"),
                instant(item, "circuitOpenUntil"),
                item.containsKey("disabledReason") ? item.get("disabledReason").s() : null,
                instant(item, "createdAt"),
                instant(item, "updatedAt"));
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
