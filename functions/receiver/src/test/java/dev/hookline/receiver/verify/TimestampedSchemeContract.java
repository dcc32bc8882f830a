package dev.hookline.receiver.verify;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Schemes that sign a timestamp: it must be a plain number within the tolerance, past or future. */
abstract class TimestampedSchemeContract extends SchemeVerifierContract {
    static final long TOLERANCE = 300;

    @Test
    void rejectsStaleTimestamp() {
        assertRejected(verify(sign(SECRET_A, Long.toString(NOW - TOLERANCE - 1), body()), body()), "stale");
    }

    @Test
    void rejectsFutureTimestamp() {
        assertRejected(verify(sign(SECRET_A, Long.toString(NOW + TOLERANCE + 1), body()), body()), "future");
    }

    @Test
    void acceptsTimestampsAtEitherEdgeOfTolerance() {
        for (long ts : new long[]{NOW - TOLERANCE, NOW + TOLERANCE}) {
            assertEquals(Verification.Outcome.VERIFIED, verify(sign(SECRET_A, Long.toString(ts), body()), body())
                    .outcome(), "timestamp " + ts);
        }
    }

    @Test
    void rejectsNonNumericTimestampsEvenWhenSigned() {
        List<String> timestamps = List.of("abc", "", "-1", "1700000000.0", "1e9", "+1700000000", "0x6553f100",
                "17000000000000000000", "1700000000abc", "٣٣٣", "9".repeat(100 * 1024));
        List<Executable> checks = new ArrayList<>();
        for (String ts : timestamps) {
            checks.add(() -> assertRejected(verify(sign(SECRET_A, ts, body()), body()),
                    "timestamp '" + (ts.length() > 40 ? ts.substring(0, 40) + "..." : ts) + "'"));
        }
        assertAll(checks);
    }
}
