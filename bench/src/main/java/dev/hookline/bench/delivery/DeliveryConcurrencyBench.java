package dev.hookline.bench.delivery;

import dev.hookline.bench.BenchMain;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.sun.net.httpserver.HttpServer;
import dev.hookline.bench.Results;
import dev.hookline.bench.Stats;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.Settings;
import dev.hookline.core.deliveries.DeliveryLog;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.log.JsonLog;
import dev.hookline.core.metrics.Metrics;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.core.signing.SigningKey;
import dev.hookline.sender.SenderHandler;
import dev.hookline.sender.SenderSettings;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.SqsEvents;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The sender on a batch of 10 deliveries to one endpoint that answers after 500 ms, against a
 * batch of 1: wall time of {@code handleRequest} on real queue messages (DynamoDB Local and
 * ElasticMQ in this process, a loopback endpoint). Batches alternate with singles; medians.
 * The endpoint also counts how many requests it holds at once, which is the concurrency itself.
 *
 * <p>Argument: rounds (default 7).
 */
public final class DeliveryConcurrencyBench {
    private static final long ANSWER_AFTER_MILLIS = 500;
    private static final String SIGNING_KEY = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "bench-signing-key-32-bytes-long!".getBytes(StandardCharsets.US_ASCII));

    public static void main(String[] args) {
        BenchMain.runAndExit(() -> run(args));
    }

    private static void run(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.createContext("/slow", exchange -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                exchange.getRequestBody().readAllBytes();
                Thread.sleep(ANSWER_AFTER_MILLIS);
                exchange.sendResponseHeaders(204, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
                exchange.close();
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(32));
        server.start();
        Emulators emulators = Emulators.start();
        try {
            HooklineResources resources = emulators.provision();
            Map<String, String> env = new HashMap<>(resources.toEnvironment());
            env.put(EnvVars.ALLOW_HTTP_ENDPOINTS, "true");
            env.put(EnvVars.ALLOWED_PRIVATE_NETWORKS, "127.0.0.0/8");
            SenderSettings settings = SenderSettings.from(new Settings(env));
            new EndpointRegistry(emulators.dynamoDb(), resources.endpointsTable(), new EndpointUrlPolicy(true),
                    Clock.systemUTC()).create("ep_slow",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/slow", List.of("*"), null);
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            SigningKey key = SigningKey.parse(SIGNING_KEY);
            SenderHandler sender = new SenderHandler(emulators.dynamoDb(), emulators.sqs(), Clock.systemUTC(),
                    settings, SenderHandler.httpSender(settings), () -> key,
                    new JsonLog("sender", quiet, Clock.systemUTC(), false),
                    new Metrics("sender", quiet, Clock.systemUTC()));
            String queueArn = emulators.sqs().getQueueAttributes(b -> b.queueUrl(resources.deliveriesQueueUrl())
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);

            List<Long> singles = new ArrayList<>();
            List<Long> batches = new ArrayList<>();
            int batchMaxInFlight = 0;
            for (int round = -1; round < rounds; round++) {
                long single = run(sender, emulators, resources, queueArn, 1);
                maxInFlight.set(0);
                long batch = run(sender, emulators, resources, queueArn, 10);
                if (round >= 0) {
                    // Round -1 warms the connections, the endpoint cache and the JIT.
                    singles.add(single);
                    batches.add(batch);
                    batchMaxInFlight = Math.max(batchMaxInFlight, maxInFlight.get());
                }
            }
            double ratio = Stats.median(batches) / Stats.median(singles);
            Results results = new Results("3 delivery concurrency (sender, endpoint answers after 500 ms, median of "
                    + rounds + ")");
            results.info("single delivery / batch of 10, wall ms", Results.f(Stats.median(singles), 0) + " / "
                    + Results.f(Stats.median(batches), 0));
            results.info("requests the endpoint held at once (max)", Integer.toString(batchMaxInFlight));
            results.target("batch of 10 ÷ single", Results.f(ratio, 2), "≤ 1.3", ratio <= 1.3);
        } finally {
            server.stop(0);
        }
    }

    /** Enqueues {@code n} deliveries as the processor would, receives them, and times the sender on them. */
    private static long run(SenderHandler sender, Emulators emulators, HooklineResources resources, String queueArn,
                            int n) {
        for (int i = 0; i < n; i++) {
            String id = UUID.randomUUID().toString();
            String eventKey = "acme#evt_" + id;
            DeliveryMessage message = new DeliveryMessage(DeliveryMessage.deliveryId(eventKey, "ep_slow"), "ep_slow",
                    eventKey, "msg_" + id.replace("-", ""), "order.created",
                    "{\"id\":\"msg\",\"type\":\"order.created\",\"data\":{}}", Instant.now());
            new DeliveryLog(emulators.dynamoDb(), resources.deliveriesTable(), java.time.Clock.systemUTC())
                        .createPending(message);
            emulators.sqs().sendMessage(b -> b.queueUrl(resources.deliveriesQueueUrl()).messageBody(message.toJson()));
        }
        List<Message> messages = new ArrayList<>();
        for (int polls = 0; messages.size() < n; polls++) {
            if (polls > 50) {
                throw new IllegalStateException("only " + messages.size() + " of " + n + " deliveries came back");
            }
            int want = n - messages.size();
            messages.addAll(emulators.sqs().receiveMessage(b -> b.queueUrl(resources.deliveriesQueueUrl())
                    .maxNumberOfMessages(want).waitTimeSeconds(1).messageSystemAttributeNamesWithStrings("All")).messages());
        }
        long started = System.nanoTime();
        SQSBatchResponse response = sender.handleRequest(SqsEvents.from(messages, queueArn), null);
        long wall = (System.nanoTime() - started) / 1_000_000;
        if (!response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException(response.getBatchItemFailures().size() + " deliveries failed");
        }
        for (Message m : messages) {
            emulators.sqs().deleteMessage(b -> b.queueUrl(resources.deliveriesQueueUrl())
                    .receiptHandle(m.receiptHandle()));
        }
        return wall;
    }
}
