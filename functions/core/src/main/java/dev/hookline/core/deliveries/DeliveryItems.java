package dev.hookline.core.deliveries;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Deliveries-table items: the one place a new delivery record is shaped. */
public final class DeliveryItems {
    private DeliveryItems() {
    }

    /** The PENDING record the processor writes before it enqueues the delivery message. */
    public static Map<String, AttributeValue> pending(DeliveryMessage message, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(DeliveryAttributes.PK, AttributeValue.fromS(message.deliveryId()));
        item.put(DeliveryAttributes.STATUS, AttributeValue.fromS(DeliveryStatus.PENDING.name()));
        item.put(DeliveryAttributes.ENDPOINT_ID, AttributeValue.fromS(message.endpointId()));
        item.put(DeliveryAttributes.EVENT_KEY, AttributeValue.fromS(message.eventKey()));
        item.put(DeliveryAttributes.MESSAGE_ID, AttributeValue.fromS(message.messageId()));
        item.put(DeliveryAttributes.TYPE, AttributeValue.fromS(message.type()));
        item.put(DeliveryAttributes.CREATED_AT, number(now.toEpochMilli()));
        item.put(DeliveryAttributes.UPDATED_AT, number(now.toEpochMilli()));
        item.put(DeliveryAttributes.ATTEMPTS, number(0));
        item.put(DeliveryAttributes.EXPIRES_AT, number(now.plus(DeliveryAttributes.RETENTION).getEpochSecond()));
        return item;
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
