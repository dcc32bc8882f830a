package dev.hookline.api.v1.deliveries;

import dev.hookline.core.events.EventPayloads;
import java.util.Optional;

/**
 * The outbound payload of a delivery that is no longer on a queue, for a retry: the event's payload
 * as the processor kept it (core's {@link EventPayloads}, kept for the delivery log's retention).
 * The DLQ copy cannot stand in: SQS cannot fetch one message of a queue by id.
 */
@FunctionalInterface
public interface DeliveryPayloads {
    /**
     * @param tenant    the delivery's tenant (its endpoint's)
     * @param eventKey  {@code <source>#<eventId>}
     * @param messageId the outbound {@code id}, stable per event
     * @return the exact JSON the endpoint receives, or empty when not kept
     */
    Optional<String> payload(String tenant, String eventKey, String messageId);

    /** The payloads the processor keeps. */
    static DeliveryPayloads kept(EventPayloads payloads) {
        return (tenant, eventKey, messageId) -> payloads.get(tenant, EventPayloads.apiId(eventKey, messageId))
                .filter(event -> event.eventKey().equals(eventKey))
                .map(EventPayloads.StoredEvent::payload);
    }
}
