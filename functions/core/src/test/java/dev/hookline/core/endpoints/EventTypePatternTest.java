package dev.hookline.core.endpoints;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTypePatternTest {

    @Test
    void starMatchesEveryType() {
        assertTrue(EventTypePattern.matches("*", "invoice.paid"));
        assertTrue(EventTypePattern.matches("*", "push"));
    }

    @Test
    void exactPatternMatchesOnlyThatType() {
        assertTrue(EventTypePattern.matches("invoice.paid", "invoice.paid"));
        assertFalse(EventTypePattern.matches("invoice.paid", "invoice.paid.late"));
        assertFalse(EventTypePattern.matches("invoice.paid", "Invoice.paid"), "types are case-sensitive");
    }

    @Test
    void prefixPatternMatchesTypesBelowThePrefixAtAnyDepth() {
        assertTrue(EventTypePattern.matches("invoice.*", "invoice.paid"));
        assertTrue(EventTypePattern.matches("invoice.*", "invoice.item.added"));
    }

    @Test
    void prefixPatternDoesNotMatchThePrefixItselfNorALongerWord() {
        assertFalse(EventTypePattern.matches("invoice.*", "invoice"));
        assertFalse(EventTypePattern.matches("invoice.*", "invoice."));
        assertFalse(EventTypePattern.matches("invoice.*", "invoices.paid"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "push", "invoice.paid", "invoice.*", "customer.subscription.*",
            "pull_request.opened", "orders/create", "app:mention", "a-b.c_d"})
    void acceptsValidPatterns(String pattern) {
        assertDoesNotThrow(() -> EventTypePattern.validate(pattern));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"invoice*", "*.paid", "invoice.*.paid", "invoice..paid", ".invoice", "invoice.",
            "invoice paid", "**", "invoice.**"})
    void rejectsInvalidPatternsSayingWhatIsValid(String pattern) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventTypePattern.validate(pattern));
        assertTrue(e.getMessage().contains("is not valid: use '*', an exact type"), e.getMessage());
    }

    @Test
    void rejectsAPatternLongerThan200Characters() {
        assertDoesNotThrow(() -> EventTypePattern.validate("a".repeat(200)));
        assertThrows(IllegalArgumentException.class, () -> EventTypePattern.validate("a".repeat(201)));
    }
}
