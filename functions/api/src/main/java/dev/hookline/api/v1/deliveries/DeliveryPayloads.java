package dev.hookline.api.v1.deliveries;

import java.util.Optional;

/**
 * The outbound payload of a delivery that is no longer on a queue, for a retry. The events routes
 * keep event payloads (core's {@code EventPayloads}, branch feat/events); until that is merged no
 * payload is kept and a retry answers 409 saying so. The DLQ copy cannot stand in: SQS cannot
 * fetch one message of a queue by id.
 */
@FunctionalInterface
public interface DeliveryPayloads {
    /**
     * @param eventKey  {@code <source>#<eventId>}
     * @param messageId the outbound {@code id}, stable per event
     * @return the exact JSON the endpoint receives, or empty when not kept
     */
    Optional<String> payload(String eventKey, String messageId);

    static DeliveryPayloads none() {
        return (eventKey, messageId) -> Optional.empty();
    }
}
