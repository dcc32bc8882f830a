package dev.hookline.local.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What {@code GET /_health} answers: 200 only when every part of the runtime is ready, else 503,
 * with a JSON body naming each part's state ({@code starting}, {@code ready}, {@code down},
 * {@code stopping}). The HTTP server is the first part up, so it answers 503 throughout the start.
 */
public final class Health {
    /** A body and its status. */
    public record Report(int status, String json) {
    }

    private final Map<String, BooleanSupplier> parts = new LinkedHashMap<>();
    private volatile boolean stopping;

    /** @param names every part, in the order they come up; each is "starting" until {@link #ready} names it */
    public Health(List<String> names) {
        names.forEach(name -> parts.put(name, null));
    }

    /** The part is up; {@code alive} says whether it still is (a poller thread that died is "down"). */
    public synchronized void ready(String name, BooleanSupplier alive) {
        if (!parts.containsKey(name)) {
            throw new IllegalArgumentException("unknown part " + name);
        }
        parts.put(name, alive);
    }

    public void ready(String name) {
        ready(name, () -> true);
    }

    /** From now on every answer is 503: the runtime is going away. */
    public void stopping() {
        stopping = true;
    }

    public synchronized Report report() {
        ObjectNode body = Json.object();
        ObjectNode states = Json.object();
        boolean allReady = !stopping;
        boolean anyDown = false;
        for (Map.Entry<String, BooleanSupplier> part : parts.entrySet()) {
            String state;
            if (stopping) {
                state = "stopping";
            } else if (part.getValue() == null) {
                state = "starting";
                allReady = false;
            } else if (part.getValue().getAsBoolean()) {
                state = "ready";
            } else {
                state = "down";
                allReady = false;
                anyDown = true;
            }
            states.put(part.getKey(), state);
        }
        body.put("status", stopping ? "stopping" : allReady ? "ready" : anyDown ? "down" : "starting");
        body.set("parts", states);
        return new Report(allReady ? 200 : 503, Json.write(body));
    }
}
