package dev.hookline.sender;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP endpoint on loopback for the sender's tests: answers from a script (then a
 * fallback), records every request, and counts how many requests are in flight at once.
 */
final class TestReceiver implements AutoCloseable {
    record Request(String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    @FunctionalInterface
    interface Responder {
        void respond(HttpExchange exchange, TestReceiver receiver) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new ArrayList<>();
    private final ConcurrentLinkedQueue<Responder> script = new ConcurrentLinkedQueue<>();
    private volatile Responder fallback = status(200, "ok");
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);

    private TestReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static TestReceiver start() {
        try {
            return new TestReceiver();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int port() {
        return server.getAddress().getPort();
    }

    TestReceiver then(Responder responder) {
        script.add(responder);
        return this;
    }

    TestReceiver otherwise(Responder responder) {
        fallback = responder;
        return this;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized long hits(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).count();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    int inFlight() {
        return inFlight.get();
    }

    static Responder status(int status, String body) {
        return status(status, Map.of(), body);
    }

    static Responder status(int status, Map<String, String> headers, String body) {
        return (exchange, receiver) -> {
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    /** Holds the request until the test ends (or 30 s): a hanging endpoint. */
    static Responder hang() {
        return (exchange, receiver) -> {
            receiver.released.await(30, TimeUnit.SECONDS);
            status(200, "late").respond(exchange, receiver);
        };
    }

    /** Holds each request until {@code atOnce} are in flight together (or 5 s pass), then answers 200. */
    static Responder holdUntilInFlight(int atOnce) {
        return (exchange, receiver) -> {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (receiver.maxInFlight.get() < atOnce && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            status(200, "ok").respond(exchange, receiver);
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            synchronized (this) {
                requests.add(new Request(exchange.getRequestURI().getPath(), headers, body));
            }
            Responder responder = script.poll();
            (responder == null ? fallback : responder).respond(exchange, this);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
