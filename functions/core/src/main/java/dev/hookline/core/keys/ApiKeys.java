package dev.hookline.core.keys;

import dev.hookline.core.paging.Slice;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The keys table: create, authenticate, list and revoke API keys. Only the SHA-256 of a secret is
 * stored ({@link KeySecret}); a secret is never logged or kept by this class.
 */
public final class ApiKeys {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public ApiKeys(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** A created key with its secret, which exists only in this value: show it once. */
    public record Created(ApiKey key, String secret) {
        @Override
        public String toString() {
            return "Created[key=" + key + ", secret=<redacted>]";
        }
    }

    /** Creates a key: admin when {@code tenant} is null, else scoped to that tenant. */
    public Created create(String tenant) {
        String secret = KeySecret.generate();
        return new Created(store(secret, tenant), secret);
    }

    /**
     * Stores a key whose secret was made elsewhere (the deploy-time admin secret, the local
     * runtime's first key), unless a key with that secret is already stored, revoked or not:
     * a revoked bootstrap key stays revoked. Returns the stored key.
     */
    public ApiKey ensure(String secret, String tenant) {
        byte[] hash = KeySecret.hash(secret);
        try {
            return put(hash, tenant);
        } catch (ConditionalCheckFailedException exists) {
            return find(KeySecret.idOf(hash)).orElseThrow(() -> new IllegalStateException("key vanished"));
        }
    }

    private ApiKey store(String secret, String tenant) {
        // A fresh 256-bit secret cannot collide; the condition only guards against a bug overwriting a key.
        return put(KeySecret.hash(secret), tenant);
    }

    private ApiKey put(byte[] hash, String tenant) {
        Instant now = clock.instant();
        ApiKey key = new ApiKey(KeySecret.idOf(hash), tenant, now, null);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KeyItems.PK, AttributeValue.fromS(key.id()));
        item.put(KeyItems.HASH, AttributeValue.fromB(SdkBytes.fromByteArray(hash)));
        item.put(KeyItems.CREATED_AT, AttributeValue.fromS(now.toString()));
        if (tenant != null) {
            item.put(KeyItems.TENANT, AttributeValue.fromS(tenant));
        }
        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
        return key;
    }

    /**
     * The valid key whose secret is {@code presented}, or empty (malformed, unknown or revoked).
     * The stored hash is compared in full and in constant time; the id lookup only finds the item.
     */
    public Optional<ApiKey> authenticate(String presented) {
        if (!KeySecret.wellFormed(presented)) {
            return Optional.empty();
        }
        byte[] hash = KeySecret.hash(presented);
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(KeyItems.PK, AttributeValue.fromS(KeySecret.idOf(hash))))).item();
        if (item == null || item.isEmpty() || !item.containsKey(KeyItems.HASH)) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(hash, item.get(KeyItems.HASH).b().asByteArray())) {
            return Optional.empty();
        }
        ApiKey key = fromItem(item);
        return key.revoked() ? Optional.empty() : Optional.of(key);
    }

    public Optional<ApiKey> find(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(KeyItems.PK, AttributeValue.fromS(id)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Marks the key revoked (kept for the record). False when there is no such key. */
    public boolean revoke(String id) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(KeyItems.PK, AttributeValue.fromS(id)))
                    .updateExpression("SET revokedAt = if_not_exists(revokedAt, :now)")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(clock.instant().toString()))));
            return true;
        } catch (ConditionalCheckFailedException missing) {
            return false;
        }
    }

    /**
     * Up to {@code limit} keys after the key id {@code after} (null: from the start), in the table's
     * scan order, which is stable for a given set of items.
     */
    public Slice<ApiKey> list(int limit, String after) {
        ScanResponse page = dynamo.scan(b -> {
            b.tableName(table).limit(limit).consistentRead(true)
                    .projectionExpression("pk, tenant, createdAt, revokedAt");
            if (after != null) {
                b.exclusiveStartKey(Map.of(KeyItems.PK, AttributeValue.fromS(after)));
            }
        });
        List<ApiKey> keys = new ArrayList<>();
        page.items().forEach(item -> keys.add(fromItem(item)));
        String next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? page.lastEvaluatedKey().get(KeyItems.PK).s() : null;
        return new Slice<>(keys, next);
    }

    private static ApiKey fromItem(Map<String, AttributeValue> item) {
        AttributeValue tenant = item.get(KeyItems.TENANT);
        AttributeValue revoked = item.get(KeyItems.REVOKED_AT);
        return new ApiKey(item.get(KeyItems.PK).s(), tenant == null ? null : tenant.s(),
                Instant.parse(item.get(KeyItems.CREATED_AT).s()),
                revoked == null ? null : Instant.parse(revoked.s()));
    }
}
