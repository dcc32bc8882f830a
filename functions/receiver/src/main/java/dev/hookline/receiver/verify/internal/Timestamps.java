package dev.hookline.receiver.verify.internal;

import java.time.Clock;
import java.time.Duration;

/** Signed Unix timestamps: parsed strictly, accepted only within the tolerance on either side of now. */
final class Timestamps {
    private Timestamps() {
    }

    /** Seconds since the epoch, or -1 when {@code text} is not 1 to 12 ASCII digits. */
    static long parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 12) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return Long.parseLong(text);
    }

    /** Whether the timestamp is well formed and no further than {@code tolerance} from now, past or future. */
    static boolean withinTolerance(String text, Clock clock, Duration tolerance) {
        long seconds = parse(text);
        if (seconds < 0) {
            return false;
        }
        long now = clock.instant().getEpochSecond();
        return Math.abs(now - seconds) <= tolerance.toSeconds();
    }
}
