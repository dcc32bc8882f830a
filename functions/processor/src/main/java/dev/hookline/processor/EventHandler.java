package dev.hookline.processor;

/**
 * In-process business logic for inbound events: "on {@code invoice.paid}, call our billing
 * service". Register one in {@link RegisteredHandlers} under an exact type or a prefix pattern
 * ({@code invoice.*}); the processor calls it for every matching event before fanning the event
 * out to endpoints.
 *
 * <p>Contract: a handler that returns has done its work; the processor records that (under
 * {@link #name()}) so a retry of the same event does not call it again. A handler that throws
 * fails only its event's record: SQS delivers it again later (handlers that already succeeded are
 * not called again), and after the inbound queue's maxReceiveCount it goes to {@code inbound-dlq}.
 * A crash between a handler's return and that record means one more call, so make side effects
 * idempotent on {@link InboundEvent#eventKey()} (send it as an idempotency key downstream).
 */
@FunctionalInterface
public interface EventHandler {

    void handle(InboundEvent event) throws Exception;

    /**
     * Stable name, kept in the events table to remember that this handler ran: renaming a handler
     * makes it run again for events in flight. Defaults to the class's simple name; lambdas and
     * anonymous classes have none, so register those with {@link EventHandlers.Builder#on(String, String, EventHandler)}.
     */
    default String name() {
        return getClass().getSimpleName();
    }
}
