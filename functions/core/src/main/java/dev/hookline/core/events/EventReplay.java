package dev.hookline.core.events;

import dev.hookline.core.deliveries.DeliveryLog;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.endpoints.Endpoint;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends a kept event again: one new delivery per endpoint, through the delivery log and the
 * deliveries queue as the processor's fan-out does (create PENDING, send, mark enqueued), so the
 * sender treats it like any other. Each replay numbers its deliveries
 * ({@code <eventKey>/<endpoint>/replay-<n>}): the log would otherwise call them the original's.
 * The payload and its message id are the original's, so a receiver that dedupes on
 * {@code webhook-id} sees the same message again, as a replay should look.
 */
public final class EventReplay {
    private final EventPayloads payloads;
    private final DeliveryLog deliveries;
    private final SqsClient sqs;
    private final String deliveriesQueueUrl;

    public EventReplay(EventPayloads payloads, DeliveryLog deliveries, SqsClient sqs, String deliveriesQueueUrl) {
        this.payloads = payloads;
        this.deliveries = deliveries;
        this.sqs = sqs;
        this.deliveriesQueueUrl = deliveriesQueueUrl;
    }

    /** @param replay the replay's number; deliveries: the ones created and sent */
    public record Replayed(int replay, List<DeliveryMessage> deliveries) {
        public Replayed {
            deliveries = List.copyOf(deliveries);
        }
    }

    /** The delivery id of a replay's delivery. */
    public static String deliveryId(String eventKey, String endpointId, int replay) {
        return DeliveryMessage.deliveryId(eventKey, endpointId) + "/replay-" + replay;
    }

    /**
     * Replays a kept event (its payload not null) to {@code endpoints}. SDK errors propagate: a
     * delivery created but not sent stays PENDING without {@code enqueuedAt}, visible in the log.
     */
    public Replayed replay(EventPayloads.StoredEvent event, List<Endpoint> endpoints) {
        if (event.payload() == null) {
            throw new IllegalArgumentException("the event's payload was not kept");
        }
        int replay = payloads.nextReplay(event.tenant(), event.id())
                .orElseThrow(() -> new IllegalStateException("the event is no longer kept"));
        List<DeliveryMessage> sent = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            DeliveryMessage message = new DeliveryMessage(deliveryId(event.eventKey(), endpoint.id(), replay),
                    endpoint.id(), event.eventKey(), event.messageId(), event.type(), event.payload(),
                    event.receivedAt());
            if (deliveries.createPending(message)) {
                sqs.sendMessage(b -> b.queueUrl(deliveriesQueueUrl).messageBody(message.toJson()));
                deliveries.markEnqueued(message.deliveryId());
                sent.add(message);
            }
        }
        return new Replayed(replay, sent);
    }
}
