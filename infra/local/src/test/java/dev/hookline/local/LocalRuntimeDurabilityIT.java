package dev.hookline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hookline.core.config.FileConfigSource;
import dev.hookline.core.config.SourceConfig;
import dev.hookline.local.cli.WebhookSigner;
import dev.hookline.local.support.Await;
import dev.hookline.local.support.ChildRuntime;
import dev.hookline.local.support.ListeningSockets;
import dev.hookline.local.support.RecordingEndpoint;
import dev.hookline.local.support.TestConfig;
import dev.hookline.testing.internal.FreePorts;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * issue 9 section 5: {@code bin/hookline local} run as its own process keeps what it accepted
 * across a {@code kill -9}, resumes retries at their time after a restart, can redrive what it
 * dead-lettered before the restart, and listens on loopback only. The subscriber's endpoint is a
 * server in this JVM, so its count survives the runtime's death.
 */
class LocalRuntimeDurabilityIT {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;
    RecordingEndpoint endpoint;
    Path config;
    SourceConfig stripe;
    int port;
    final List<ChildRuntime> children = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        endpoint = new RecordingEndpoint();
        config = dir.resolve("hookline.json");
        Files.writeString(config, endpoint.config(Files.readString(TestConfig.repositoryConfig())));
        stripe = new FileConfigSource(config).current().sources().get("stripe");
        port = FreePorts.pick();
    }

    @AfterEach
    void tearDown() {
        children.forEach(ChildRuntime::close);
        endpoint.close();
    }

    private ChildRuntime start(Map<String, String> env, String... args) {
        ChildRuntime child = ChildRuntime.start(config, port, dir.resolve("data"), env, args);
        children.add(child);
        return child;
    }

    @Test
    void killDashNineMidStreamLosesNoAcceptedEvent() throws Exception {
        // A short visibility timeout, so what the functions held when the process died comes back
        // within seconds of the restart instead of the template's 3 and 6 minutes.
        String[] visibility = {"--visibility-timeout", "15"};
        ChildRuntime first = start(Map.of(), visibility);

        int events = 300;
        int killAfter = 150;
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        AtomicInteger answered = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(6);
        for (int i = 0; i < events; i++) {
            String id = "evt_kill_" + i;
            senders.submit(() -> {
                int status = post(first, id);
                if (status == 202) {
                    accepted.add(id);
                } else if (status != -1) {
                    refused.add(id + "=" + status);
                }
                if (answered.incrementAndGet() == killAfter) {
                    first.kill(); // SIGKILL while requests and deliveries are in flight
                }
            });
        }
        senders.shutdown();
        assertTrue(senders.awaitTermination(5, TimeUnit.MINUTES), "senders finished");
        assertTrue(refused.isEmpty(), "only 202 or no answer at all (runtime gone): " + refused);
        assertTrue(accepted.size() >= killAfter - 10, "accepted before the kill: " + accepted.size());
        assertTrue(accepted.size() < events, "the kill came mid-stream: " + accepted.size() + " of " + events);
        Set<String> deliveredBeforeRestart = endpoint.delivered();

        ChildRuntime second = start(Map.of(), visibility);
        try {
            Await.until("every accepted event delivered after the restart", Duration.ofMinutes(4),
                    () -> endpoint.delivered().containsAll(accepted));
        } catch (AssertionError timedOut) {
            // fall through to the count below, which says how many were lost
        }
        Set<String> lost = new TreeSet<>(accepted);
        lost.removeAll(endpoint.delivered());
        assertEquals(0, lost.size(), lost.size() + " of " + accepted.size() + " accepted (202) events never "
                + "delivered: " + lost);
        System.out.printf("kill -9 after %d answers: %d accepted, %d delivered before the kill, %d after the "
                        + "restart, 0 lost (%d requests at the endpoint: at-least-once)%n", killAfter, accepted.size(),
                deliveredBeforeRestart.size(), accepted.size() - deliveredBeforeRestart.size(), endpoint.requests());
        second.stop();
    }

    @Test
    void aRetryWaitingAcrossARestartHappensAtItsTimeAndADeadDeliveryCanBeRedriven() throws Exception {
        // One failure, then a 20 s wait; 400 is permanent (DEAD, straight to deliveries-dlq).
        Map<String, String> env = Map.of("BACKOFF_SCHEDULE", "20s,20s");
        endpoint.answer(id -> "evt_retry".equals(id) ? 503 : "evt_dead".equals(id) ? 400 : 200);
        ChildRuntime first = start(env);
        assertEquals(202, post(first, "evt_retry"));
        assertEquals(202, post(first, "evt_dead"));
        Await.until("the first attempts", Duration.ofSeconds(60),
                () -> !endpoint.hits("evt_retry").isEmpty() && !endpoint.hits("evt_dead").isEmpty());
        Instant failedAt = endpoint.hits("evt_retry").get(0).at();
        Await.until("evt_dead dead-lettered", Duration.ofSeconds(30), () -> cli("deliveries", "list", "--status",
                "dead").contains("stripe#evt_dead/ep_demo"));
        first.kill();

        endpoint.answer(id -> 200); // the endpoint is fixed while hookline is down
        start(env);
        Await.until("the retry after the restart", Duration.ofSeconds(90),
                () -> endpoint.hits("evt_retry").size() >= 2);
        Instant retriedAt = endpoint.hits("evt_retry").get(1).at();
        // 20 s less the 20 % jitter: not before its time (a reset visibility would bring it back at once).
        assertTrue(Duration.between(failedAt, retriedAt).toMillis() >= 16_000,
                "retried " + Duration.between(failedAt, retriedAt) + " after the failure");
        assertEquals(200, endpoint.hits("evt_retry").get(1).status());
        Await.until("evt_retry SUCCEEDED", Duration.ofSeconds(30), () -> cli("deliveries", "list", "--status",
                "succeeded").contains("stripe#evt_retry/ep_demo"));

        String redrive = cli("dlq", "redrive", "deliveries");
        assertTrue(redrive.contains("moved 1 message(s) from deliveries-dlq"), redrive);
        Await.until("the redriven delivery at the endpoint", Duration.ofSeconds(60),
                () -> endpoint.delivered().contains("evt_dead"));
    }

    @Test
    void listensOnLoopbackOnly() {
        assumeTrue(ListeningSockets.supported(), "needs Linux /proc to list a process's listening sockets");
        ChildRuntime runtime = start(Map.of());
        List<ListeningSockets.Listener> listeners = ListeningSockets.of(runtime.pid());
        // HTTP front door, DynamoDB Local and ElasticMQ at least.
        assertTrue(listeners.size() >= 3, "listeners found: " + listeners);
        assertTrue(listeners.stream().anyMatch(l -> l.port() == port), "the HTTP port is among " + listeners);
        List<ListeningSockets.Listener> exposed = listeners.stream().filter(l -> !l.loopback()).toList();
        assertEquals(List.of(), exposed, "listening beyond loopback");
    }

    /** Signs a Stripe event as Stripe would and posts it: the status, or -1 when nothing answered. */
    private int post(ChildRuntime runtime, String eventId) {
        byte[] payload = ("{\"id\":\"" + eventId + "\",\"object\":\"event\",\"type\":\"invoice.paid\","
                + "\"data\":{\"object\":{\"id\":\"in_1\"}}}").getBytes(StandardCharsets.UTF_8);
        WebhookSigner.SignedRequest signed = WebhookSigner.sign(stripe, payload, null, eventId, Instant.now());
        HttpRequest.Builder request = HttpRequest.newBuilder(runtime.url("/webhooks/stripe"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
        signed.headers().forEach(request::header);
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException gone) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Runs bin/hookline with the given arguments against this test's data dir; its stdout, or fails. */
    private String cli(String... args) {
        List<String> command = new ArrayList<>(List.of(ChildRuntime.root().resolve("bin/hookline").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--data-dir", dir.resolve("data").toString()));
        try {
            Path out = Files.createTempFile(dir, "cli", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            builder.environment().put("HOOKLINE_NO_BUILD", "1");
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("bin/hookline " + String.join(" ", args) + " did not finish");
            }
            String text = Files.readString(out);
            if (process.exitValue() != 0) {
                throw new AssertionError("bin/hookline " + String.join(" ", args) + " exited "
                        + process.exitValue() + ": " + text);
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
