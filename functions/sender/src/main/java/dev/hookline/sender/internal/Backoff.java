package dev.hookline.sender.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/** When the next attempt happens: the schedule with ±20 % jitter, or the endpoint's {@code Retry-After}. */
public final class Backoff {
    /** SQS refuses a single visibility change above 12 hours. */
    public static final Duration MAX_VISIBILITY = Duration.ofSeconds(43_200);
    private static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);

    private final List<Duration> schedule;
    private final DoubleSupplier random;

    public Backoff(List<Duration> schedule, DoubleSupplier random) {
        this.schedule = List.copyOf(schedule);
        this.random = random;
    }

    /** The wait after failed attempt {@code attempt} (1-based); the last step repeats. */
    public Duration after(int attempt) {
        Duration step = schedule.get(Math.max(0, Math.min(attempt, schedule.size()) - 1));
        double factor = 0.8 + 0.4 * random.getAsDouble();
        return clamp(Duration.ofMillis(Math.round(step.toMillis() * factor)));
    }

    /**
     * The endpoint's own {@code Retry-After} (seconds or an HTTP-date), clamped to 1 s .. 12 h; empty
     * when absent or unreadable. Honoured as given, without jitter: the endpoint asked for that time.
     */
    public static Optional<Duration> retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        Duration wait;
        if (value.matches("\\d{1,10}")) {
            wait = Duration.ofSeconds(Long.parseLong(value));
        } else {
            try {
                wait = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.of(clamp(wait.compareTo(MIN_RETRY_AFTER) < 0 ? MIN_RETRY_AFTER : wait));
    }

    public static Duration clamp(Duration wait) {
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX_VISIBILITY) > 0 ? MAX_VISIBILITY : wait;
    }

    /** Visibility timeouts are whole seconds. */
    public static int visibilitySeconds(Duration wait) {
        long millis = clamp(wait).toMillis();
        return (int) Math.min(MAX_VISIBILITY.toSeconds(), (millis + 500) / 1000);
    }
}
