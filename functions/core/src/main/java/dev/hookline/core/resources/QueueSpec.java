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

    /**
     * The deliveries queue's maxReceiveCount: a safety net, not the attempt budget. The sender counts
     * HTTP attempts in the delivery record and dead-letters exhausted deliveries itself; receives that
     * made no attempt (our own outage, a circuit-open deferral, a wait longer than one receipt's 12 h)
     * must not use the customer's budget. 1000 is SQS's largest maxReceiveCount
     * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html):
     * at the 360 s visibility timeout a message failing inside the sender every time reaches it only
     * after about 100 hours.
     */
    public static final int DELIVERIES_MAX_RECEIVES = 1000;

    /**
     * Retention 10 days: a delivery lives for its retry schedule (about 42 h, 50 h with jitter) plus
     * any time its endpoint's open circuit keeps it waiting without using attempts, which ends when
     * the endpoint is disabled after DISABLE_AFTER_HOURS (5 days): about 7 days at most. The DLQ keeps
     * 14 (SQS's maximum), longer than this queue, because a message SQS itself moves there (the
     * safety net) keeps its first enqueue time; a message the sender dead-letters is a new one there.
     */
    public static final Duration DELIVERIES_RETENTION = Duration.ofDays(10);

    public static QueueSpec deliveries(String prefix) {
        return deliveries(prefix, DELIVERIES_MAX_RECEIVES);
    }

    /** As {@link #deliveries(String)}, with another safety-net maxReceiveCount (tests of the net itself). */
    public static QueueSpec deliveries(String prefix, int maxReceiveCount) {
        return new QueueSpec(prefix + "deliveries", prefix + "deliveries-dlq", SENDER_TIMEOUT.multipliedBy(6),
                DELIVERIES_RETENTION, DLQ_RETENTION, maxReceiveCount);
    }

    public QueueSpec withVisibilityTimeout(Duration timeout) {
        return new QueueSpec(name, dlqName, timeout, retention, dlqRetention, maxReceiveCount);
    }

    public QueueSpec withMaxReceiveCount(int count) {
        return new QueueSpec(name, dlqName, visibilityTimeout, retention, dlqRetention, count);
    }
}
