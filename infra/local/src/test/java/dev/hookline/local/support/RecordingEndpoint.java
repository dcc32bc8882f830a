package dev.hookline.local.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.hookline.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;

/**
 * A subscriber's endpoint, run by the test in its own JVM on 127.0.0.1: it outlives the runtime's
 * process, so what it counts survives a {@code kill -9} of the runtime. It records every delivery
 * (the provider event id from the payload's {@code data.id}) and answers what the test says.
 */
public final class RecordingEndpoint implements AutoCloseable {
    /** One request: the provider's event id, when it arrived, what it was answered. */
    public record Hit(String eventId, Instant at, int status) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final List<Hit> hits = new CopyOnWriteArrayList<>();
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private volatile ToIntFunction<String> answer = id -> 200;

    public RecordingEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/hook", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                JsonNode payload = Json.parseOrNull(in.readAllBytes());
                String id = payload == null ? null : payload.path("data").path("id").asText(null);
                int status = answer.applyAsInt(id);
                hits.add(new Hit(id, Instant.now(), status));
                if (status / 100 == 2 && id != null) {
                    delivered.add(id);
                }
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** From now on, answer each delivery with the status this gives for its event id. */
    public void answer(ToIntFunction<String> statusOf) {
        this.answer = statusOf;
    }

    /** Event ids delivered with a 2xx answer, each once however often it came. */
    public Set<String> delivered() {
        return Set.copyOf(delivered);
    }

    public List<Hit> hits(String eventId) {
        return hits.stream().filter(h -> eventId.equals(h.eventId())).toList();
    }

    public int requests() {
        return hits.size();
    }

    /** The repository config with the demo endpoint pointed here. */
    public String config(String repositoryConfig) {
        return repositoryConfig.replace("http://127.0.0.1:3000/_sink/demo", url());
    }

    public Map<String, Long> countsById() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        hits.forEach(h -> counts.merge(String.valueOf(h.eventId()), 1L, Long::sum));
        return counts;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
