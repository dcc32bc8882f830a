package dev.hookline.core.deliveries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryMessageTest {
    @Test
    void roundTripsAndBuildsDeterministicIds() {
        String id = DeliveryMessage.deliveryId("stripe#evt_1", "ep_a");
        assertEquals("stripe#evt_1/ep_a", id);
        DeliveryMessage message = new DeliveryMessage(id, "ep_a", "stripe#evt_1", "msg_x", "invoice.paid",
                "{\"id\":\"msg_x\"}", Instant.parse("2026-11-22T10:00:00Z"));
        assertEquals(message, DeliveryMessage.fromJson(message.toJson()));
    }

    @Test
    void rejectsMissingFieldsWithoutEchoingThePayload() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeliveryMessage.fromJson(
                "{\"deliveryId\":\"d\",\"endpointId\":\"e\",\"eventKey\":\"k\",\"type\":\"t\","
                        + "\"payload\":\"card-number\",\"eventReceivedAt\":\"2026-11-22T10:00:00Z\"}"));
        assertTrue(e.getMessage().contains("messageId"), e.getMessage());
        assertFalse(e.getMessage().contains("card-number"));
        assertThrows(IllegalArgumentException.class, () -> DeliveryMessage.fromJson("[]"));
    }
}
