package dev.hookline.core.events;

/** The events table key: {@code <source>#<eventId>}, unique per provider event. */
public final class EventKey {
    private EventKey() {
    }

    public static String of(String source, String eventId) {
        return source + "#" + eventId;
    }
}
