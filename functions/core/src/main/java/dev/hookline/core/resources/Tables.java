package dev.hookline.core.resources;

import dev.hookline.core.deliveries.DeliveryAttributes;
import dev.hookline.core.events.EventAttributes;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The three tables of DESIGN §5, as the local runtime and the tests create them; template.yaml
 * declares the same keys, indexes and TTL attributes.
 */
public final class Tables {
    /** Partition key of every table. */
    public static final String PK = "pk";
    /** TTL attribute (epoch seconds) of the events and deliveries tables. */
    public static final String EXPIRES_AT = "expiresAt";

    /** Deliveries index for the log by endpoint: endpointId + createdAt. */
    public static final String DELIVERIES_BY_ENDPOINT = "byEndpoint";
    /** Deliveries index for the log by status: status + createdAt. */
    public static final String DELIVERIES_BY_STATUS = "byStatus";

    private Tables() {
    }

    /** Events: claims by {@code pk}, and the sparse {@code byTenant} index over payload items (the events list). */
    public static CreateTableRequest events(String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute(PK, ScalarAttributeType.S),
                        attribute(EventAttributes.TENANT, ScalarAttributeType.S),
                        attribute(EventAttributes.RECEIVED_AT, ScalarAttributeType.N))
                .keySchema(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(EventAttributes.BY_TENANT)
                        .keySchema(List.of(
                                KeySchemaElement.builder().attributeName(EventAttributes.TENANT).keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName(EventAttributes.RECEIVED_AT).keyType(KeyType.RANGE).build()))
                        // Only what the list shows: the payload stays in the base table.
                        .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                                .nonKeyAttributes(EventAttributes.EVENT_ID, EventAttributes.TYPE).build())
                        .build())
                .build();
    }

    public static CreateTableRequest endpoints(String name) {
        return simple(name);
    }

    /** API keys (the api function): {@code pk} = key id, no TTL (revoked keys are kept). */
    public static CreateTableRequest keys(String name) {
        return simple(name);
    }

    /** Tenants (the api function): {@code pk} = tenant id. */
    public static CreateTableRequest tenants(String name) {
        return simple(name);
    }

    public static CreateTableRequest deliveries(String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute(PK, ScalarAttributeType.S),
                        attribute(DeliveryAttributes.ENDPOINT_ID, ScalarAttributeType.S),
                        attribute(DeliveryAttributes.STATUS, ScalarAttributeType.S),
                        attribute(DeliveryAttributes.CREATED_AT, ScalarAttributeType.N))
                .keySchema(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(
                        index(DELIVERIES_BY_ENDPOINT, DeliveryAttributes.ENDPOINT_ID),
                        index(DELIVERIES_BY_STATUS, DeliveryAttributes.STATUS))
                .build();
    }

    private static CreateTableRequest simple(String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute(PK, ScalarAttributeType.S))
                .keySchema(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build())
                .build();
    }

    private static GlobalSecondaryIndex index(String name, String hashKey) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(List.of(
                        KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(DeliveryAttributes.CREATED_AT).keyType(KeyType.RANGE).build()))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }
}
