package dev.hookline.core.resources;

import java.time.Duration;

/**
 * A source queue with its dead-letter queue, as DESIGN §5 declares them.
 *
 * @param visibilityTimeout at least 6 × the consuming function's timeout (AWS's advice for ESM)
 * @param maxReceiveCount   receives before SQS moves a message to the DLQ
 */
public record QueueSpec(String name, String dlqName, Duration visibilityTimeout, Duration retention,
                        Duration dlqRetention, int maxReceiveCount) {

    public static final Duration DLQ_RETENTION = Duration.ofDays(14);
    public static final Duration PROCESSOR_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration SENDER_TIMEOUT = Duration.ofSeconds(60);

    public static QueueSpec inbound(String prefix) {
        return new QueueSpec(prefix + "inbound", prefix + "inbound-dlq", PROCESSOR_TIMEOUT.multipliedBy(6),
                Duration.ofDays(4), DLQ_RETENTION, 5);
    }

    /** Retention must outlast the whole retry schedule (about 42 h by default): 4 days, then 14 in the DLQ. */
    public static QueueSpec deliveries(String prefix, int maxAttempts) {
        return new QueueSpec(prefix + "deliveries", prefix + "deliveries-dlq", SENDER_TIMEOUT.multipliedBy(6),
                Duration.ofDays(4), DLQ_RETENTION, maxAttempts);
    }

    public QueueSpec withVisibilityTimeout(Duration timeout) {
        return new QueueSpec(name, dlqName, timeout, retention, dlqRetention, maxReceiveCount);
    }

    public QueueSpec withMaxReceiveCount(int count) {
        return new QueueSpec(name, dlqName, visibilityTimeout, retention, dlqRetention, count);
    }
}
