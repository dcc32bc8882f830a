package dev.hookline.sender.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.config.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

    @Test
    void stepsFollowTheScheduleWithTwentyPercentJitterAndTheLastStepRepeats() {
        var schedule = Settings.parseDurations(Settings.DEFAULT_BACKOFF, "test");
        Backoff low = new Backoff(schedule, () -> 0.0);
        Backoff high = new Backoff(schedule, () -> 0.999_999);
        assertEquals(Duration.ofSeconds(4), low.after(1));
        assertTrue(high.after(1).toMillis() >= 5_999 && high.after(1).toMillis() <= 6_000);
        assertEquals(Duration.ofMinutes(4), low.after(2));
        assertEquals(Duration.ofMinutes(24), low.after(3));
        assertEquals(Duration.ofSeconds(43_200), high.after(8), "12 h + 20% is capped at SQS's 12 h");
        assertEquals(low.after(8), low.after(20), "the last step repeats");
    }

    @Test
    void defaultScheduleSpansAboutFortyTwoHoursOverNineAttempts() {
        Backoff exact = new Backoff(Settings.parseDurations(Settings.DEFAULT_BACKOFF, "test"), () -> 0.5);
        Duration total = Duration.ZERO;
        for (int attempt = 1; attempt <= 8; attempt++) {
            total = total.plus(exact.after(attempt));
        }
        assertEquals(Duration.ofHours(41).plusMinutes(35).plusSeconds(5), total);
    }

    @Test
    void retryAfterSecondsAndHttpDateAreHonouredWithinBounds() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), Backoff.retryAfter("7", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(120)), Backoff.retryAfter("Thu, 15 Jan 2026 10:02:00 GMT", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(1)), Backoff.retryAfter("0", NOW), "at least 1 s");
        assertEquals(Optional.of(Duration.ofSeconds(1)), Backoff.retryAfter("Thu, 15 Jan 2026 09:00:00 GMT", NOW),
                "a date in the past waits the minimum");
        assertEquals(Optional.of(Duration.ofSeconds(43_200)), Backoff.retryAfter("999999", NOW), "12 h at most");
        assertEquals(Optional.empty(), Backoff.retryAfter("soon", NOW));
        assertEquals(Optional.empty(), Backoff.retryAfter(null, NOW));
    }

    @Test
    void visibilityIsWholeSecondsWithinSqsLimits() {
        assertEquals(1, Backoff.visibilitySeconds(Duration.ofMillis(800)));
        assertEquals(7, Backoff.visibilitySeconds(Duration.ofSeconds(7)));
        assertEquals(0, Backoff.visibilitySeconds(Duration.ofSeconds(-3)));
        assertEquals(43_200, Backoff.visibilitySeconds(Duration.ofDays(2)));
    }
}
