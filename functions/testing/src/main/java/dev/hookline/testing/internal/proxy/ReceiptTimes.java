package dev.hookline.testing.internal.proxy;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When each receipt handle was handed out by ReceiveMessage, so a later ChangeMessageVisibility
 * can be held to SQS's rule that a message stays invisible at most 12 hours after it was
 * received. Bounded: the oldest handles are forgotten first (a forgotten handle is not checked).
 */
public final class ReceiptTimes {
    private static final int CAPACITY = 200_000;

    private final Clock clock;
    private final Map<String, Instant> received = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > CAPACITY;
        }
    };

    public ReceiptTimes(Clock clock) {
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    public synchronized void received(String receiptHandle) {
        received.put(receiptHandle, clock.instant());
    }

    /** When the handle was received, or null when this proxy did not see it. */
    public synchronized Instant receivedAt(String receiptHandle) {
        return received.get(receiptHandle);
    }

    public synchronized void forget(String receiptHandle) {
        received.remove(receiptHandle);
    }
}
