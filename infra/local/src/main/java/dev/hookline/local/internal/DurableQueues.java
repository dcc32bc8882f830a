package dev.hookline.local.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elasticmq.server.ElasticMQServer;
import org.elasticmq.server.config.ElasticMQServerConfig;
import scalikejdbc.ConnectionPool$;
import scalikejdbc.ConnectionPoolSettings;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * ElasticMQ on 127.0.0.1 with its queues and messages kept in an H2 database under the data dir,
 * so a runtime killed with {@code kill -9} loses nothing it had accepted (issue 9, section 5).
 *
 * <p>ElasticMQ 1.7.1's {@code messages-storage} writes every queue and every message event (sent,
 * received, visibility changed, deleted) to the database before it answers the request that caused
 * it, and restores queues and messages (with their receive counts and next delivery times, DLQs
 * first) at the next start. One gap remains: a message moved to its DLQ on a receive is removed
 * from the source (stored before the answer) and added to the DLQ by a message between ElasticMQ's
 * actors, stored just after; a kill in that instant loses that one dead-lettered message. H2 by default writes committed changes to the file only every
 * {@code WRITE_DELAY} (500 ms), from a background thread: a kill in that window would lose them.
 * With {@code WRITE_DELAY=0} each commit stores the change before the statement returns (H2 2.2.224
 * {@code TransactionStore.endTransaction}: "commit MVStore if autoCommitDelay is 0"), so once
 * ElasticMQ answers SendMessage the message is in the file (the OS keeps it across a process kill).
 *
 * <p>The restore runs asynchronously after ElasticMQ starts listening; {@link #start} waits until
 * every persisted queue holds its persisted messages, so nothing creates a queue or polls before it.
 */
public final class DurableQueues implements AutoCloseable {
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(30);

    private final scala.Function0<?> shutdown;
    private final int port;
    private final Map<String, Long> restored;

    private DurableQueues(scala.Function0<?> shutdown, int port, Map<String, Long> restored) {
        this.shutdown = shutdown;
        this.port = port;
        this.restored = Map.copyOf(restored);
    }

    /** Messages restored per queue at this start (queued, in flight or waiting for a retry when the last run stopped). */
    public Map<String, Long> restored() {
        return restored;
    }

    /**
     * Starts ElasticMQ on 127.0.0.1:{@code port}, restoring what {@code dir} holds.
     *
     * @param sqs a client for the new endpoint ({@link #endpoint(int)}), used to see the restore through
     */
    public static DurableQueues start(int port, Path dir, java.util.function.Function<URI, SqsClient> sqs) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        String jdbcUrl = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("queues") + ";WRITE_DELAY=0";
        Map<String, Long> persisted = persistedMessageCounts(jdbcUrl);
        usePool(jdbcUrl);

        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("rest-sqs.enabled", true);
        settings.put("rest-sqs.bind-hostname", "127.0.0.1");
        settings.put("rest-sqs.bind-port", port);
        settings.put("rest-sqs.sqs-limits", "strict");
        // Queue URLs name this address, so clients reach the queue where they created it.
        settings.put("node-address.protocol", "http");
        settings.put("node-address.host", "127.0.0.1");
        settings.put("node-address.port", port);
        settings.put("node-address.context-path", "");
        settings.put("generate-node-address", false);
        settings.put("aws.region", "us-east-1");
        settings.put("aws.accountId", "000000000000");
        settings.put("messages-storage.enabled", true);
        settings.put("messages-storage.driver-class", "org.h2.Driver");
        settings.put("messages-storage.uri", jdbcUrl);
        settings.put("messages-storage.username", "");
        settings.put("messages-storage.password", "");
        settings.put("messages-storage.prune-data-on-init", false);
        Config config = ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load());
        scala.Function0<?> stop = new ElasticMQServer(new ElasticMQServerConfig(config)).start();
        DurableQueues queues = new DurableQueues(stop, port, persisted);
        try (SqsClient client = sqs.apply(queues.endpoint())) {
            awaitRestore(client, persisted);
        } catch (RuntimeException e) {
            queues.close();
            throw e;
        }
        return queues;
    }

    public URI endpoint() {
        return endpoint(port);
    }

    public static URI endpoint(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /**
     * ElasticMQ keeps its connection pool in scalikejdbc's process-wide default pool and sets it only
     * the first time in a JVM; pointing it at this data dir on every start keeps a second runtime in
     * the same JVM (the tests) from writing into the first one's database.
     */
    private static void usePool(String jdbcUrl) {
        try {
            Class.forName("org.h2.Driver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the H2 driver ElasticMQ's message storage needs is not on the classpath",
                    e);
        }
        ConnectionPool$ pools = ConnectionPool$.MODULE$;
        ConnectionPoolSettings defaults = pools.singleton$default$4();
        pools.singleton(jdbcUrl, "", "", defaults, pools.singleton$default$5(jdbcUrl, "", "", defaults));
    }

    /** Messages per queue in the database as the last run left it (empty when there is none yet). */
    private static Map<String, Long> persistedMessageCounts(String jdbcUrl) {
        Map<String, Long> counts = new LinkedHashMap<>();
        // IFEXISTS: a first start must not create the file here (ElasticMQ creates its tables).
        try (Connection c = DriverManager.getConnection(jdbcUrl + ";IFEXISTS=TRUE", "", "");
             Statement s = c.createStatement()) {
            List<String> names = new java.util.ArrayList<>();
            try (ResultSet tables = c.getMetaData().getTables(null, null, "QUEUE", null)) {
                if (!tables.next()) {
                    return counts;
                }
            }
            try (ResultSet rs = s.executeQuery("select name from queue")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                // The table name ElasticMQ's MessageRepository uses for a queue.
                String table = "message_" + name.replace(".", "_").replace("-", "_") + "_"
                        + Integer.toHexString(name.hashCode());
                try (ResultSet rs = s.executeQuery("select count(*) from " + table)) {
                    counts.put(name, rs.next() ? rs.getLong(1) : 0L);
                } catch (SQLException noTableYet) {
                    counts.put(name, 0L);
                }
            }
            return counts;
        } catch (SQLException e) {
            if (e.getErrorCode() == org.h2.api.ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1) {
                return counts;
            }
            if (e.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new IllegalStateException("the queue database is in use by another process", e);
            }
            throw new IllegalStateException("cannot read the queue database " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until each persisted queue exists and holds at least the messages its table held. A
     * queue that never appears fails the start (ElasticMQ stops itself when a restore fails); one
     * that holds fewer after the wait (a message ElasticMQ chose not to restore) is reported, and
     * the start goes on with what was restored.
     */
    private static void awaitRestore(SqsClient sqs, Map<String, Long> persisted) {
        Instant deadline = Instant.now().plus(RESTORE_TIMEOUT);
        for (Map.Entry<String, Long> queue : persisted.entrySet()) {
            while (true) {
                long held = messagesIn(sqs, queue.getKey());
                if (held >= queue.getValue()) {
                    break;
                }
                if (Instant.now().isAfter(deadline)) {
                    if (held < 0) {
                        throw new IllegalStateException("ElasticMQ did not restore queue " + queue.getKey()
                                + " within " + RESTORE_TIMEOUT.toSeconds() + " s");
                    }
                    System.err.println("hookline local: queue " + queue.getKey() + " restored " + held + " of the "
                            + queue.getValue() + " messages its storage held");
                    break;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while ElasticMQ restored its queues", e);
                }
            }
        }
    }

    /** Every message the queue holds (visible, in flight, delayed), or -1 while it does not exist yet. */
    private static long messagesIn(SqsClient sqs, String queue) {
        try {
            String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
            Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            return a.values().stream().mapToLong(Long::parseLong).sum();
        } catch (QueueDoesNotExistException notYet) {
            return -1;
        }
    }

    /** Stops ElasticMQ and closes the database (everything it answered for is already in the file). */
    @Override
    public void close() {
        try {
            shutdown.apply();
        } finally {
            ConnectionPool$.MODULE$.closeAll();
        }
    }
}
