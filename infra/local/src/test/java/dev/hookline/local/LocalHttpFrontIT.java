package dev.hookline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.json.Json;
import dev.hookline.local.internal.LocalHttpServer;
import dev.hookline.local.internal.Sinks;
import dev.hookline.local.support.Await;
import dev.hookline.local.support.Http;
import dev.hookline.local.support.TestConfig;
import dev.hookline.local.support.TestFunctions;
import dev.hookline.testing.internal.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local HTTP front door as API Gateway's HTTP API would be in front of the receiver (its size
 * quotas, with its statuses), kept bounded against slow clients and long runs, and GET /_health
 * saying 503 until every part is up. Stand-in functions: the receiver echoes what it got, so a
 * response carrying {@code x-echo} proves the request got through to it.
 */
class LocalHttpFrontIT {
    @TempDir
    static Path dir;
    static LocalRuntime runtime;
    static int port;
    /** What /_health answered while the runtime was starting, in order, without repeats. */
    static final List<String> seenWhileStarting = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        port = FreePorts.pick();
        LocalOptions options = LocalOptions.defaults(new TestFunctions().functions())
                .withConfigFile(TestConfig.writeFor(port, dir)).withPort(port).withDataDir(dir.resolve("data"));
        CompletableFuture<LocalRuntime> starting = CompletableFuture.supplyAsync(() -> LocalRuntime.start(options));
        // Watch /_health from the moment the port answers until the start returns.
        while (!starting.isDone()) {
            String seen = healthNow();
            if (seen != null && (seenWhileStarting.isEmpty() || !seenWhileStarting.getLast().equals(seen))) {
                seenWhileStarting.add(seen);
            }
            Thread.sleep(20);
        }
        runtime = starting.get();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static String healthNow() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("GET /_health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String status = response.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3);
            return status + " " + response.substring(response.indexOf("\r\n\r\n") + 4);
        } catch (IOException notListeningYet) {
            return null;
        }
    }

    private static URI url(String path) {
        return URI.create(runtime.info().url() + path);
    }

    @Test
    void healthIs503WhileStartingAnd200OnceEveryPartIsReady() {
        assertFalse(seenWhileStarting.isEmpty(), "the HTTP port answered during the start");
        String first = seenWhileStarting.getFirst();
        assertTrue(first.startsWith("503 "), first);
        JsonNode starting = Json.parseOrNull(first.substring(4));
        assertEquals("starting", starting.get("status").asText());
        assertEquals("ready", starting.get("parts").get("http").asText());
        assertEquals("starting", starting.get("parts").get("sender").asText(), "the last part is still starting");

        HttpResponse<String> now = Http.get(url("/_health"));
        assertEquals(200, now.statusCode(), now.body());
        JsonNode ready = Json.parseOrNull(now.body());
        assertEquals("ready", ready.get("status").asText());
        for (String part : LocalRuntime.HEALTH_PARTS) {
            assertEquals("ready", ready.get("parts").get(part).asText(), part);
        }
    }

    @Test
    void acceptsAPayloadOfExactlyTenMegabytesAndRefusesOneByteMoreWith413() {
        byte[] limit = new byte[LocalHttpServer.MAX_BODY];
        Arrays.fill(limit, (byte) 'a');
        // PUT: the echo receiver answers 405 without queueing the body, which proves it got it.
        HttpResponse<String> inside = Http.method(url("/webhooks/stripe"), "PUT", limit);
        assertEquals(405, inside.statusCode());
        assertEquals("yes", inside.headers().firstValue("x-echo").orElse(null), "reached the receiver");

        HttpResponse<String> over = Http.method(url("/webhooks/stripe"), "PUT",
                Arrays.copyOf(limit, LocalHttpServer.MAX_BODY + 1));
        assertEquals(413, over.statusCode());
        assertEquals("{\"message\":\"Request Entity Too Large\"}", over.body());
        assertTrue(over.headers().firstValue("x-echo").isEmpty(), "refused before the receiver");
    }

    @Test
    void refusesARequestLinePlusHeaderValuesOver10240BytesWith431() throws IOException {
        String inside = rawRequest(LocalHttpServer.MAX_REQUEST_LINE_AND_HEADER_VALUES);
        assertTrue(inside.startsWith("HTTP/1.1 405"), inside.lines().findFirst().orElse(""));
        assertTrue(inside.toLowerCase().contains("x-echo: yes"), "reached the receiver");

        String over = rawRequest(LocalHttpServer.MAX_REQUEST_LINE_AND_HEADER_VALUES + 1);
        assertTrue(over.startsWith("HTTP/1.1 431"), over.lines().findFirst().orElse(""));
        assertFalse(over.toLowerCase().contains("x-echo"), "refused before the receiver");
    }

    /**
     * A GET whose request line plus header values add up to exactly {@code total} bytes, as API
     * Gateway counts them; sent byte for byte over a socket so no client adds headers of its own.
     */
    private static String rawRequest(int total) throws IOException {
        String line = "GET /webhooks/stripe HTTP/1.1";
        String host = "127.0.0.1:" + port;
        int padding = total - line.length() - host.length() - "close".length();
        String request = line + "\r\nHost: " + host + "\r\nConnection: close\r\nX-Pad: " + "p".repeat(padding)
                + "\r\n\r\n";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void closesAConnectionThatTricklesItsRequestInsteadOfHoldingAWorkerForever() throws IOException {
        try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), port)) {
            slow.setSoTimeout((int) Duration.ofSeconds(LocalHttpServer.MAX_REQUEST_SECONDS + 10).toMillis());
            OutputStream out = slow.getOutputStream();
            out.write("POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long start = System.nanoTime();
            InputStream in = slow.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server still held the half-sent request after "
                        + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
            } catch (IOException reset) {
                read = -1;
            }
            long held = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            assertEquals(-1, read, "closed without an answer");
            assertTrue(held >= LocalHttpServer.MAX_REQUEST_SECONDS - 2, "not before the limit: " + held + " s");
        }
        assertEquals(200, Http.get(url("/_health")).statusCode(), "and the server still serves");
    }

    @Test
    void aFloodOfSlowClientsGetsABoundedPoolAndTheServerRecovers() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            // Each sends part of a request: the first WORKERS hold a worker, the next QUEUED wait for one.
            for (int i = 0; i < LocalHttpServer.WORKERS + LocalHttpServer.QUEUED; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.getOutputStream().write("POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            // One more finds no worker and no place in the queue: closed at once, not held. On a loaded
            // machine the server may not have taken in every slow connection yet, so a few extra ones may
            // still find a place in the queue (they stay open and fill it); one must be refused before the
            // slow ones time out.
            boolean refused = false;
            for (int attempt = 0; attempt < 20 && !refused; attempt++) {
                Socket extra = new Socket(InetAddress.getLoopbackAddress(), port);
                extra.setSoTimeout(1000);
                extra.getOutputStream().write("GET /_health HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                try {
                    refused = extra.getInputStream().read() == -1;
                    extra.close();
                } catch (SocketTimeoutException held) {
                    slow.add(extra);
                } catch (IOException reset) {
                    refused = true;
                    extra.close();
                }
            }
            assertTrue(refused, "requests beyond the pool and its queue were held, not refused");
            // The slow ones are cut at the request time limit; then the server serves again.
            Await.until("the server serving again", Duration.ofSeconds(LocalHttpServer.MAX_REQUEST_SECONDS + 15),
                    () -> "200".equals(String.valueOf(healthNow()).substring(0, 3)));
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void aSinkKeepsItsLastRequestsAndCutsLongBodies() {
        String sink = url("/_sink/bounded").toString();
        int sent = Sinks.KEEP_PER_SINK + 5;
        for (int i = 0; i < sent; i++) {
            Http.post(URI.create(sink), Map.of(), ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        byte[] big = new byte[Sinks.MAX_KEPT_BODY + 100];
        Arrays.fill(big, (byte) 'b');
        Http.post(URI.create(sink), Map.of(), big);

        JsonNode listed = Json.parseOrNull(Http.get(URI.create(sink)).body());
        assertEquals(Sinks.KEEP_PER_SINK, listed.get("count").asInt());
        assertEquals(sent + 1, listed.get("received").asInt());
        JsonNode deliveries = listed.get("deliveries");
        assertEquals(sent - Sinks.KEEP_PER_SINK + 1, deliveries.get(0).get("body").get("n").asInt(),
                "the oldest were dropped");
        JsonNode last = deliveries.get(deliveries.size() - 1);
        assertTrue(last.get("bodyTruncated").asBoolean());
        assertEquals(Sinks.MAX_KEPT_BODY, last.get("rawBody").asText().length());
        assertEquals(Sinks.MAX_KEPT_BODY + 100, last.get("bodyBytes").asInt());
    }
}
