package dev.hookline.bench;

import dev.hookline.core.deliveries.DeliveryAttributes;
import dev.hookline.core.deliveries.DeliveryMessage;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Writes what the processor writes before it enqueues a delivery: its PENDING record. */
public final class PendingDeliveries {
    private PendingDeliveries() {
    }

    public static void put(DynamoDbClient dynamo, String table, DeliveryMessage message) {
        long now = System.currentTimeMillis();
        dynamo.putItem(b -> b.tableName(table).item(Map.of(
                DeliveryAttributes.PK, AttributeValue.fromS(message.deliveryId()),
                DeliveryAttributes.STATUS, AttributeValue.fromS("PENDING"),
                DeliveryAttributes.ENDPOINT_ID, AttributeValue.fromS(message.endpointId()),
                DeliveryAttributes.EVENT_KEY, AttributeValue.fromS(message.eventKey()),
                DeliveryAttributes.MESSAGE_ID, AttributeValue.fromS(message.messageId()),
                DeliveryAttributes.TYPE, AttributeValue.fromS(message.type()),
                DeliveryAttributes.CREATED_AT, AttributeValue.fromN(Long.toString(now)),
                DeliveryAttributes.UPDATED_AT, AttributeValue.fromN(Long.toString(now)),
                DeliveryAttributes.EXPIRES_AT, AttributeValue.fromN(Long.toString(now / 1000 + 86400)))));
    }
}
