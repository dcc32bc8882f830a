package dev.hookline.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.bench.Results;
import dev.hookline.bench.Stats;
import dev.hookline.bench.cost.CostModel;
import dev.hookline.bench.cost.TemplateMemory;
import dev.hookline.core.events.ClaimResult;
import dev.hookline.core.events.EventClaims;
import dev.hookline.core.events.InboundMessage;
import dev.hookline.core.json.Json;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.core.resources.QueueSpec;
import dev.hookline.core.resources.ResourceProvisioner;
import dev.hookline.core.signing.StandardWebhooks;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalRuntime;
import dev.hookline.testing.internal.FreePorts;
import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * End to end through the local runtime (one JVM: DynamoDB Local, ElasticMQ, the real receiver,
 * processor and sender, a {@code /_sink/bench} endpoint): N signed Standard Webhooks requests of
 * which a fifth repeat an earlier event, sent over loopback HTTP by 16 concurrent clients, timed from
 * the first request to the last successful delivery; every unique event must reach the sink exactly
 * once. The ceiling is the same emulators doing only the unavoidable calls for the same events
 * (conditional PutItem, SendMessage, then ReceiveMessage and DeleteMessageBatch in batches of 10 as
 * the event source mapping does), with the same parallelism as the runtime (4 receivers, 1 poller);
 * it runs right after the hookline run, on the same warm emulators, into tables and queues of its own.
 *
 * <p>While hookline runs, {@link RequestCounter} counts every AWS call per function and operation
 * and {@link LogMeter} the log bytes per function; with the measured invocation durations they feed
 * {@link CostModel}, which writes bench/COST.md's generated block.
 *
 * <p>Arguments: events (default 10000), repository root (for template.yaml and bench/COST.md).
 */
public final class ThroughputBench {
    private static final String SOURCE_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "bench-source-secret-32-bytes!!!!".getBytes(StandardCharsets.US_ASCII));
    private static final String SIGNING_KEY = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "bench-signing-key-32-bytes-long!".getBytes(StandardCharsets.US_ASCII));
    private static final int CLIENTS = 16;
    private static final int CEILING_PRODUCERS = 4;
    private static final double DUPLICATE_SHARE = 0.2;
    private static final Duration GIVE_UP = Duration.ofMinutes(30);

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path root = Path.of(args.length > 1 ? args[1] : ".").toAbsolutePath().normalize();
        PrintStream console = System.out;
        Results.console(console);
        if (!RequestCounter.installed()) {
            console.println("e2e: RequestCounter is not on the classpath (bench/interceptors): no request counts");
        }
        List<Integer> plan = plan(events);
        int unique = (int) plan.stream().distinct().count();

        Path work = Files.createTempDirectory("hookline-bench-e2e");
        int port = FreePorts.pick();
        Path config = work.resolve("hookline.json");
        Files.writeString(config, "{\"sources\":{\"bench\":{\"scheme\":\"standard-webhooks\",\"secrets\":[\""
                + SOURCE_SECRET + "\"]}},\"signingKey\":\"" + SIGNING_KEY + "\",\"endpoints\":[{\"id\":\"ep_bench\","
                + "\"url\":\"http://127.0.0.1:" + port + "/_sink/bench\",\"eventTypes\":[\"*\"]}]}");
        Path logFile = root.resolve("bench/target/e2e-functions.log");
        Files.createDirectories(logFile.getParent());
        LogMeter meter = new LogMeter(new BufferedOutputStream(Files.newOutputStream(logFile), 1 << 16));
        System.setOut(new PrintStream(meter, true, StandardCharsets.UTF_8));
        TimedFunctions functions = new TimedFunctions();
        // Every delivery is counted at the sink, so it keeps them all (a sink keeps its last 200 by default).
        LocalRuntime runtime = LocalRuntime.start(LocalOptions.defaults(functions.functions()).withConfigFile(config)
                .withPort(port).withDataDir(work.resolve("data")).withSinkTimeoutHold(Duration.ofSeconds(15))
                .withSinkCapacity(2 * events + 100));
        try {
            DynamoDbClient dynamo = runtime.clients().dynamoDb();
            SqsClient sqs = runtime.clients().sqs();
            console.println("e2e: hookline run, " + events + " events");

            meter.reset();
            functions.invocations.values().forEach(java.util.Collection::clear);
            RequestCounter.start();
            Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
            AtomicInteger retries = new AtomicInteger();
            long started = System.nanoTime();
            send(runtime.url(), plan, statuses, retries);
            long sentAt = System.nanoTime();
            long deadline = started + GIVE_UP.toNanos();
            int lastPrinted = -1;
            while (meter.delivered.get() < unique && System.nanoTime() < deadline) {
                Thread.sleep(20);
                int now = meter.delivered.get() / 1000;
                if (now != lastPrinted) {
                    console.println("e2e: " + meter.delivered.get() + " of " + unique + " delivered");
                    lastPrinted = now;
                }
            }
            long finished = System.nanoTime();
            // Anything still in flight (a second delivery of an event, say) has a moment to show up at the sink.
            Thread.sleep(3000);
            Map<RequestCounter.Key, RequestCounter.Tally> counts = RequestCounter.stop();
            Map<String, Long> logBytes = new HashMap<>();
            meter.bytes.forEach((k, v) -> logBytes.put(k, v.sum()));
            Map<String, Integer> atSink = sinkCounts(runtime.url());

            console.println("e2e: ceiling, the same " + events + " events");
            double ceilingSeconds = ceiling(dynamo, sqs, plan, "hookline-ceiling-");

            double seconds = (finished - started) / 1e9;
            boolean complete = meter.delivered.get() >= unique;
            long exactlyOnce = atSink.values().stream().filter(n -> n == 1).count();
            long twice = atSink.values().stream().filter(n -> n > 1).count();
            Results results = new Results("4 end-to-end through the local runtime (" + events + " events, "
                    + (events - unique) + " duplicates, loopback)");
            results.info("hookline: wall time / events per s (requests) / deliveries per s",
                    Results.f(seconds, 1) + " s / " + Results.f(events / seconds, 0) + " / "
                            + Results.f(unique / seconds, 0) + (complete ? "" : " (INCOMPLETE: gave up)"));
            results.info("intake alone (all " + events + " requests answered)",
                    Results.f((sentAt - started) / 1e9, 1) + " s");
            results.info("ceiling (PutItem+SendMessage+ReceiveMessage+DeleteMessageBatch only): wall / events per s",
                    Results.f(ceilingSeconds, 1) + " s / " + Results.f(events / ceilingSeconds, 0));
            results.info("hookline ÷ ceiling, events per s", Results.f(ceilingSeconds / seconds, 2));
            results.info("HTTP answers", statuses.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "×" + e.getValue().sum()).reduce((a, b) -> a + ", " + b).orElse("none")
                    + (retries.get() > 0 ? " (" + retries.get() + " 503s retried)" : ""));
            boolean once = exactlyOnce == unique && twice == 0 && atSink.size() == unique;
            results.target("unique events delivered exactly once (counted at the sink)",
                    exactlyOnce + " of " + unique + (twice > 0 ? ", " + twice + " more than once" : "")
                            + (atSink.size() > unique ? ", " + (atSink.size() - unique) + " unknown" : ""),
                    "all, once", once);
            results.info("error log lines during the run", Integer.toString(meter.errors.get()));

            Map<String, double[]> invocationStats = new HashMap<>();
            functions.invocations.forEach((fn, list) -> {
                List<Double> durations = list.stream().map(a -> a[0]).toList();
                double records = list.stream().mapToDouble(a -> a[1]).sum();
                invocationStats.put(fn, new double[]{list.size(), durations.isEmpty() ? 0 : Stats.mean(durations),
                        durations.isEmpty() ? 0 : Stats.median(durations), records});
            });
            for (String fn : List.of("receiver", "processor", "sender")) {
                double[] s = invocationStats.get(fn);
                results.info(fn + ": invocations / records per invocation / mean (median) duration ms",
                        Results.f(s[0], 0) + " / " + Results.f(s[3] / Math.max(1, s[0]), 2) + " / "
                                + Results.f(s[1], 1) + " (" + Results.f(s[2], 1) + ")");
            }
            CostModel model = CostModel.from(counts, invocationStats, logBytes, events, unique,
                    TemplateMemory.read(root.resolve("template.yaml")));
            model.report(new Results("5 AWS requests and cost per event (counted with an SDK interceptor in the"
                    + " e2e run)"));
            model.writeInto(root.resolve("bench/COST.md"));
        } catch (Exception | Error e) {
            // System.exit below would swallow it: say what failed, and fail.
            e.printStackTrace(console);
            console.flush();
            runtime.close();
            System.exit(1);
        } finally {
            runtime.close();
            System.setOut(console);
            meter.flush();
            System.exit(0);
        }
    }

    /** Event numbers in send order: each unique event once, and a fifth of the sends repeat an earlier one. */
    static final int MIN_EVENTS = 250;

    static List<Integer> plan(int events) {
        if (events < MIN_EVENTS) {
            // Each repeat comes at least 200 sends after its original, which needs this many sends.
            throw new IllegalArgumentException("the end-to-end run needs at least " + MIN_EVENTS + " events, not "
                    + events);
        }
        int duplicates = (int) Math.round(events * DUPLICATE_SHARE);
        int unique = events - duplicates;
        Random random = new Random(42);
        List<Integer> plan = new ArrayList<>(events);
        for (int i = 0; i < unique; i++) {
            plan.add(i);
        }
        // A repeat comes at least 200 sends after its original: a provider's retry, not a concurrent race.
        for (int d = 0; d < duplicates; d++) {
            int position = 200 + random.nextInt(plan.size() - 199);
            int original = plan.get(random.nextInt(position - 199));
            plan.add(position, original);
        }
        return plan;
    }

    static String body(int event) {
        StringBuilder sb = new StringBuilder(1100).append("{\"type\":\"invoice.paid\",\"id\":\"evt_").append(event)
                .append("\",\"data\":{\"object\":{\"customer\":\"cus_").append(event % 97)
                .append("\",\"amount\":").append(1000 + event).append(",\"lines\":[");
        for (int i = 0; i < 17; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"sku\":\"item-").append(i).append("\",\"qty\":").append(i + 1)
                    .append(",\"note\":\"lorem ipsum dolor sit\"}");
        }
        return sb.append("]}}}").toString();
    }

    private static void send(URI base, List<Integer> plan, Map<Integer, LongAdder> statuses, AtomicInteger retries)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI target = base.resolve("/webhooks/bench");
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            workers.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < plan.size(); ) {
                    int event = plan.get(i);
                    String body = body(event);
                    for (int attempt = 0; ; attempt++) {
                        // Signed at send time, as a provider re-signs a retry; the body and id stay the same.
                        StandardWebhooks.Headers signed = StandardWebhooks.sign("msg_bench_" + event, Instant.now(),
                                body, List.of(SOURCE_SECRET));
                        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                                .header("content-type", "application/json")
                                .header("webhook-id", signed.id())
                                .header("webhook-timestamp", signed.timestamp())
                                .header("webhook-signature", signed.signature())
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status == 503 && attempt < 50) {
                            retries.incrementAndGet();
                            Thread.sleep(100);
                            continue;
                        }
                        statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
                        break;
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
    }

    /** Deliveries per event at the sink, keyed by the event id found in the delivered payload's data. */
    private static Map<String, Integer> sinkCounts(URI base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String text = http.send(HttpRequest.newBuilder(base.resolve("/_sink/bench")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        JsonNode root = Json.parseOrNull(text);
        Map<String, Integer> counts = new HashMap<>();
        if (root == null) {
            return counts;
        }
        for (JsonNode delivery : root.path("deliveries")) {
            if (!delivery.path("signatureValid").asBoolean(false)) {
                counts.merge("invalid-signature", 1, Integer::sum);
                continue;
            }
            counts.merge(delivery.path("body").path("data").path("id").asText("?"), 1, Integer::sum);
        }
        return counts;
    }

    /** The unavoidable calls only; returns the wall time in seconds. */
    private static double ceiling(DynamoDbClient dynamo, SqsClient sqs, List<Integer> plan, String prefix)
            throws Exception {
        HooklineResources resources = new ResourceProvisioner(dynamo, sqs).provision(prefix,
                QueueSpec.inbound(prefix), QueueSpec.deliveries(prefix));
        EventClaims claims = new EventClaims(dynamo, resources.eventsTable(), java.time.Clock.systemUTC(),
                Duration.ofSeconds(30), Duration.ofHours(72));
        String queue = resources.inboundQueueUrl();
        int unique = (int) plan.stream().distinct().count();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger consumed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CEILING_PRODUCERS + 1);
        long started = System.nanoTime();
        List<Future<?>> producers = new ArrayList<>();
        for (int p = 0; p < CEILING_PRODUCERS; p++) {
            producers.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < plan.size(); ) {
                    int event = plan.get(i);
                    byte[] body = body(event).getBytes(StandardCharsets.UTF_8);
                    Instant now = Instant.now();
                    // The receiver's own claim (EventClaims: one conditional PutItem, same item);
                    // anything but a fresh claim is a duplicate the ceiling skips.
                    if (claims.claim("bench", "msg_bench_" + event, "invoice.paid", InboundMessage.bodySha256(body),
                            now).kind() != ClaimResult.Kind.CLAIMED) {
                        continue;
                    }
                    String message = new InboundMessage("bench", "msg_bench_" + event, "invoice.paid", now, body,
                            Map.of()).toJson();
                    sqs.sendMessage(b -> b.queueUrl(queue).messageBody(message));
                }
                return null;
            }));
        }
        Future<?> consumer = pool.submit(() -> {
            while (consumed.get() < unique) {
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                        .waitTimeSeconds(1)).messages();
                if (messages.isEmpty()) {
                    continue;
                }
                sqs.deleteMessageBatch(b -> b.queueUrl(queue).entries(messages.stream()
                        .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId())
                                .receiptHandle(m.receiptHandle()).build()).toList()));
                consumed.addAndGet(messages.size());
            }
            return null;
        });
        for (Future<?> p : producers) {
            p.get();
        }
        consumer.get(GIVE_UP.toMinutes(), TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        return seconds;
    }
}
