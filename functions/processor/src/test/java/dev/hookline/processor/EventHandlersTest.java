package dev.hookline.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventHandlersTest {
    private static final EventHandler NOOP = event -> { };

    private static List<String> names(EventHandlers handlers, String type) {
        return handlers.forType(type).stream().map(EventHandlers.Registration::name).toList();
    }

    @Test
    void matchesExactTypesPrefixesAndEverything() {
        EventHandlers handlers = EventHandlers.builder()
                .on("invoice.paid", "paid", NOOP)
                .on("invoice.*", "invoices", NOOP)
                .on("*", "audit", NOOP)
                .build();
        assertEquals(List.of("paid", "invoices", "audit"), names(handlers, "invoice.paid"));
        assertEquals(List.of("invoices", "audit"), names(handlers, "invoice.item.added"));
        assertEquals(List.of("audit"), names(handlers, "invoice"), "a prefix pattern needs something after the dot");
        assertEquals(List.of("audit"), names(handlers, "invoices.paid"));
    }

    @Test
    void handlerRegisteredUnderTwoMatchingPatternsRunsOnce() {
        EventHandler handler = event -> { };
        EventHandlers handlers = EventHandlers.builder()
                .on("invoice.paid", "billing", handler)
                .on("invoice.*", "billing", handler)
                .build();
        assertEquals(List.of("billing"), names(handlers, "invoice.paid"));
    }

    @Test
    void noMatchGivesNoHandlers() {
        assertEquals(List.of(), names(EventHandlers.builder().on("invoice.*", "x", NOOP).build(), "customer.created"));
        assertEquals(List.of(), names(EventHandlers.none(), "anything"));
    }

    @Test
    void rejectsAnInvalidPatternSayingWhatIsValid() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventHandlers.builder().on("invoice.*.paid", "x", NOOP));
        assertTrue(e.getMessage().contains("'invoice.*.paid' is not valid"), e.getMessage());
    }

    @Test
    void rejectsALambdaWithoutAStableName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventHandlers.builder().on("invoice.paid", event -> { }));
        assertTrue(e.getMessage().contains("stable name"), e.getMessage());
    }

    @Test
    void acceptsANamedClassUnderItsClassName() {
        EventHandlers handlers = EventHandlers.builder().on("invoice.paid", new Named()).build();
        assertEquals(List.of("Named"), names(handlers, "invoice.paid"));
    }

    @Test
    void rejectsTwoDifferentHandlersUnderOneName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventHandlers.builder()
                .on("a.b", "same", event -> { })
                .on("c.d", "same", event -> { }));
        assertTrue(e.getMessage().contains("'same'"), e.getMessage());
    }

    private static final class Named implements EventHandler {
        @Override
        public void handle(InboundEvent event) {
        }
    }
}
