package dev.hookline.processor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointCache;
import dev.hookline.core.events.EventPayloads;
import dev.hookline.core.events.EventStore;
import dev.hookline.core.events.InboundMessage;
import dev.hookline.processor.EventHandlers;
import dev.hookline.processor.InboundEvent;
import java.util.List;

/**
 * One inbound event, DESIGN §3's order: skip it if already PROCESSED; run the handlers registered
 * for its type (each once: a handler that completed is recorded and not run again on a retry);
 * fan it out to the ACTIVE endpoints subscribed to its type; mark it PROCESSED. Any failure
 * propagates before the PROCESSED mark, so the inbound message is retried and resumes where this
 * run stopped.
 */
public final class EventProcessor {
    private final EventStore events;
    private final EndpointCache endpoints;
    private final EventHandlers handlers;
    private final FanOut fanOut;
    private final EventPayloads payloads;

    public EventProcessor(EventStore events, EndpointCache endpoints, EventHandlers handlers, FanOut fanOut,
                          EventPayloads payloads) {
        this.events = events;
        this.payloads = payloads;
        this.endpoints = endpoints;
        this.handlers = handlers;
        this.fanOut = fanOut;
    }

    public enum Kind { PROCESSED, UNROUTED, DUPLICATE }

    /**
     * @param handlersRun handlers called by this run
     * @param enqueued    delivery messages sent by this run
     * @param already     deliveries an earlier run had enqueued
     */
    public record Outcome(Kind kind, int handlersRun, int subscribers, int enqueued, int already) {
    }

    /** A handler threw; the cause is the handler's exception. */
    public static final class HandlerFailedException extends RuntimeException {
        private final String handler;

        HandlerFailedException(String handler, Exception cause) {
            super("event handler " + handler + " failed: " + cause.getClass().getSimpleName(), cause);
            this.handler = handler;
        }

        public String handler() {
            return handler;
        }
    }

    public Outcome process(InboundMessage message) {
        String eventKey = message.eventKey();
        EventStore.State state = events.load(eventKey);
        if (state.processed()) {
            return new Outcome(Kind.DUPLICATE, 0, 0, 0, 0);
        }
        String messageId = OutboundPayload.messageId(eventKey);
        List<EventHandlers.Registration> matched = handlers.forType(message.type());
        List<Endpoint> subscribers = endpoints.subscribers(message.tenant(), message.type());
        JsonNode data = OutboundPayload.parseData(message.body());

        int ran = 0;
        if (!matched.isEmpty()) {
            InboundEvent event = new InboundEvent(eventKey, messageId, message.source(), message.eventId(),
                    message.type(), message.receivedAt(), message.body(), data, message.headers());
            for (EventHandlers.Registration registration : matched) {
                if (state.handlersDone().contains(registration.name())) {
                    continue;
                }
                try {
                    registration.handler().handle(event);
                } catch (Exception e) {
                    throw new HandlerFailedException(registration.name(), e);
                }
                events.markHandled(message, registration.name());
                ran++;
            }
        }

        // Kept whether or not anyone subscribes today: a replay after an endpoint is added, or a
        // retry of a SKIPPED delivery, sends it later. Before the fan-out, so a delivery in the log
        // always has its payload; a re-run writes the same item again.
        String payload = OutboundPayload.build(messageId, message, data);
        payloads.put(new EventPayloads.StoredEvent(message.tenant(), EventPayloads.apiId(eventKey, messageId), eventKey,
                message.type(), message.receivedAt(), messageId, payload));
        FanOut.Result result = new FanOut.Result(0, 0);
        if (!subscribers.isEmpty()) {
            result = fanOut.fanOut(eventKey, messageId, message.type(), payload, message.receivedAt(), subscribers);
        }
        events.markProcessed(message);
        Kind kind = matched.isEmpty() && subscribers.isEmpty() ? Kind.UNROUTED : Kind.PROCESSED;
        return new Outcome(kind, ran, subscribers.size(), result.enqueued(), result.already());
    }
}
