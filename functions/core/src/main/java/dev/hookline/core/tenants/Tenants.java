package dev.hookline.core.tenants;

import dev.hookline.core.paging.Slice;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** The tenants table, its one home: {@code pk} = tenant id, {@code name}, {@code createdAt}. */
public final class Tenants {
    static final String PK = "pk";
    static final String NAME = "name";
    static final String CREATED_AT = "createdAt";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public Tenants(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** Creates the tenant; empty when one with that id exists already. */
    public Optional<Tenant> create(String id, String name) {
        if (!TenantId.valid(id)) {
            throw new IllegalArgumentException("invalid tenant id");
        }
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, AttributeValue.fromS(id));
        item.put(CREATED_AT, AttributeValue.fromS(now.toString()));
        if (name != null) {
            item.put(NAME, AttributeValue.fromS(name));
        }
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return Optional.of(new Tenant(id, name, now));
        } catch (ConditionalCheckFailedException exists) {
            return Optional.empty();
        }
    }

    /** Makes sure the {@code default} tenant exists (first start, first deploy). */
    public void ensureDefault() {
        create(TenantId.DEFAULT, "Default");
    }

    public Optional<Tenant> get(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(PK, AttributeValue.fromS(id)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Sets (or, with null, removes) the name; empty when there is no such tenant. */
    public Optional<Tenant> rename(String id, String name) {
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(b -> {
                b.tableName(table).key(Map.of(PK, AttributeValue.fromS(id)))
                        .conditionExpression("attribute_exists(pk)")
                        .returnValues(ReturnValue.ALL_NEW);
                if (name == null) {
                    b.updateExpression("REMOVE #n").expressionAttributeNames(Map.of("#n", NAME));
                } else {
                    b.updateExpression("SET #n = :n").expressionAttributeNames(Map.of("#n", NAME))
                            .expressionAttributeValues(Map.of(":n", AttributeValue.fromS(name)));
                }
            }).attributes();
            return Optional.of(fromItem(item));
        } catch (ConditionalCheckFailedException missing) {
            return Optional.empty();
        }
    }

    /** Deletes the tenant; false when there was none. */
    public boolean delete(String id) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of(PK, AttributeValue.fromS(id)))
                    .conditionExpression("attribute_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException missing) {
            return false;
        }
    }

    /** Up to {@code limit} tenants after the id {@code after} (null: from the start), in scan order. */
    public Slice<Tenant> list(int limit, String after) {
        ScanResponse page = dynamo.scan(b -> {
            b.tableName(table).limit(limit).consistentRead(true);
            if (after != null) {
                b.exclusiveStartKey(Map.of(PK, AttributeValue.fromS(after)));
            }
        });
        List<Tenant> tenants = new ArrayList<>();
        page.items().forEach(item -> tenants.add(fromItem(item)));
        String next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? page.lastEvaluatedKey().get(PK).s() : null;
        return new Slice<>(tenants, next);
    }

    private static Tenant fromItem(Map<String, AttributeValue> item) {
        AttributeValue name = item.get(NAME);
        return new Tenant(item.get(PK).s(), name == null ? null : name.s(), Instant.parse(item.get(CREATED_AT).s()));
    }
}
