package dev.hookline.processor;

import dev.hookline.core.endpoints.EventTypePattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-process handlers and the event types they are registered for: an exact type
 * ({@code invoice.paid}), a prefix pattern ({@code invoice.*}) or {@code *}, with the same
 * syntax and matching as endpoint subscriptions ({@link EventTypePattern}). Immutable once built.
 */
public final class EventHandlers {
    private final List<Registration> registrations;

    private EventHandlers(List<Registration> registrations) {
        this.registrations = List.copyOf(registrations);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static EventHandlers none() {
        return new EventHandlers(List.of());
    }

    /** A handler under its stable name, registered for one pattern. */
    public record Registration(String pattern, String name, EventHandler handler) {
    }

    /** The handlers to run for {@code type}: each once, in registration order. */
    public List<Registration> forType(String type) {
        Map<String, Registration> matched = new LinkedHashMap<>();
        for (Registration r : registrations) {
            if (EventTypePattern.matches(r.pattern(), type)) {
                matched.putIfAbsent(r.name(), r);
            }
        }
        return List.copyOf(matched.values());
    }

    public List<Registration> registrations() {
        return registrations;
    }

    public static final class Builder {
        private final List<Registration> registrations = new ArrayList<>();
        private final Map<String, EventHandler> byName = new HashMap<>();

        private Builder() {
        }

        /** Registers {@code handler} under its {@link EventHandler#name()}. */
        public Builder on(String pattern, EventHandler handler) {
            return on(pattern, handler.name(), handler);
        }

        /**
         * Registers {@code handler} for events whose type matches {@code pattern}, under {@code name}
         * (letters, digits, {@code _ - .}): the processor remembers per event which names already ran.
         */
        public Builder on(String pattern, String name, EventHandler handler) {
            EventTypePattern.validate(pattern);
            if (name == null || !name.matches("[A-Za-z0-9_.\\-]{1,100}")) {
                throw new IllegalArgumentException("event handler name '" + name + "' is not valid: give the handler "
                        + "a stable name of letters, digits, _ - or . (lambdas and anonymous classes have none: "
                        + "use on(pattern, name, handler))");
            }
            EventHandler existing = byName.putIfAbsent(name, handler);
            if (existing != null && existing != handler) {
                throw new IllegalArgumentException("two different event handlers are named '" + name + "'");
            }
            registrations.add(new Registration(pattern, name, handler));
            return this;
        }

        public EventHandlers build() {
            return new EventHandlers(registrations);
        }
    }
}
