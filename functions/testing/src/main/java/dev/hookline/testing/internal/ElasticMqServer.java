package dev.hookline.testing.internal;

import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** ElasticMQ (an SQS-compatible server) in this JVM on a loopback port. */
public final class ElasticMqServer implements AutoCloseable {
    private final SQSRestServer server;
    private final int port;

    private ElasticMqServer(SQSRestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static ElasticMqServer start(int port) {
        SQSRestServer server = SQSRestServerBuilder
                .withInterface("127.0.0.1")
                .withPort(port)
                // Queue URLs name this address, so clients reach the queue where they created it.
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .withAWSRegion("us-east-1")
                .withAWSAccountId("000000000000")
                .start();
        server.waitUntilStarted();
        return new ElasticMqServer(server, port);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
