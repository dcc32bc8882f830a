package dev.hookline.processor.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs delivery messages into SendMessageBatch requests: at most 10 entries and at most
 * {@code maxBatchBytes} of bodies per request (SQS rejects a whole batch whose bodies add up to more
 * than its message size limit, so ten large payloads must not travel together). A message over the
 * limit on its own still gets a batch of its own: the queue then refuses it, and that is reported.
 */
public final class DeliveryBatches {
    public static final int MAX_ENTRIES = 10;
    /** SQS's limit for one message and for the sum of a batch: 1 MiB. */
    public static final int SQS_MAX_BYTES = 1024 * 1024;

    private DeliveryBatches() {
    }

    public static <T> List<List<T>> pack(List<T> items, java.util.function.Function<T, String> body, int maxBatchBytes) {
        List<List<T>> batches = new ArrayList<>();
        List<T> current = new ArrayList<>();
        long bytes = 0;
        for (T item : items) {
            long size = body.apply(item).getBytes(StandardCharsets.UTF_8).length;
            if (!current.isEmpty() && (current.size() == MAX_ENTRIES || bytes + size > maxBatchBytes)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(item);
            bytes += size;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }
}
