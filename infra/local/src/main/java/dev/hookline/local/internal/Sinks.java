package dev.hookline.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.json.Json;
import dev.hookline.core.signing.StandardWebhooks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The local test receivers behind {@code /_sink/{name}}: each verifies the Standard Webhooks
 * signature with the secrets of the endpoint whose URL points at it, records what it received (in
 * memory), and answers as told by {@code ?fail=}: a status code such as {@code 500} or
 * {@code 410}, or {@code timeout} (holds the request longer than the sender waits).
 *
 * <p>Memory stays bounded however long the runtime runs: each sink keeps its last
 * {@value #KEEP_PER_SINK} requests (unless told otherwise), a kept body is cut at {@value #MAX_KEPT_BODY} bytes (the
 * signature is checked on the whole body first), and at most {@value #MAX_SINKS} sink names are
 * remembered (the least recently used is forgotten first).
 */
public final class Sinks {
    public static final int KEEP_PER_SINK = 200;
    public static final int MAX_KEPT_BODY = 64 * 1024;
    public static final int MAX_SINKS = 100;

    /** How far a delivery's timestamp may be from now, as a Standard Webhooks receiver allows. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    /** Secrets of the endpoint(s) delivering to one sink. */
    public record SinkSecrets(List<String> endpointIds, List<String> secrets) {
    }

    /** What a sink answers. */
    public record Answer(int status, String body) {
    }

    /** Per sink: what it kept (oldest first) and how many requests it received in all. */
    private static final class Kept {
        final Deque<ObjectNode> records = new ArrayDeque<>();
        long total;
    }

    private final Map<String, Kept> received = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            return size() > MAX_SINKS;
        }
    };
    private final Function<String, SinkSecrets> secretsOf;
    private final Clock clock;
    private final Duration timeoutHold;
    private final int keepPerSink;

    /**
     * @param secretsOf   sink name to the secrets that may sign deliveries to it
     * @param timeoutHold how long {@code ?fail=timeout} holds a request (longer than the sender's timeout)
     */
    public Sinks(Function<String, SinkSecrets> secretsOf, Clock clock, Duration timeoutHold) {
        this(secretsOf, clock, timeoutHold, KEEP_PER_SINK);
    }

    /** @param keepPerSink how many requests each sink keeps, the latest */
    public Sinks(Function<String, SinkSecrets> secretsOf, Clock clock, Duration timeoutHold, int keepPerSink) {
        if (keepPerSink < 1) {
            throw new IllegalArgumentException("a sink keeps at least one request");
        }
        this.keepPerSink = keepPerSink;
        this.secretsOf = secretsOf;
        this.clock = clock;
        this.timeoutHold = timeoutHold;
    }

    /** Handles one delivery; {@code headers} have lower-case names. */
    public Answer receive(String name, Map<String, String> query, Map<String, String> headers, byte[] body) {
        String fail = query.get("fail");
        Integer failStatus = null;
        if (fail != null && !fail.equals("timeout")) {
            try {
                failStatus = Integer.parseInt(fail);
            } catch (NumberFormatException e) {
                failStatus = -1;
            }
            if (failStatus < 400 || failStatus > 599) {
                return new Answer(400, "{\"error\":\"fail must be timeout or a status code from 400 to 599\"}");
            }
        }
        String payload = new String(body, StandardCharsets.UTF_8);
        StandardWebhooks.Headers signed = new StandardWebhooks.Headers(headers.get(StandardWebhooks.ID_HEADER),
                headers.get(StandardWebhooks.TIMESTAMP_HEADER), headers.get(StandardWebhooks.SIGNATURE_HEADER));
        SinkSecrets secrets = secretsOf.apply(name);
        boolean valid = !secrets.secrets().isEmpty()
                && StandardWebhooks.verify(signed, payload, secrets.secrets(), clock.instant(), TOLERANCE);
        int status;
        String answer;
        if (fail != null && fail.equals("timeout")) {
            status = 504;
            answer = null;
        } else if (failStatus != null) {
            status = failStatus;
            answer = "{\"error\":\"failing on purpose (fail=" + failStatus + ")\"}";
        } else if (!valid) {
            status = 401;
            answer = secrets.secrets().isEmpty()
                    ? "{\"error\":\"no endpoint's url points at this sink, so there is no secret to verify with\"}"
                    : "{\"error\":\"invalid signature\"}";
        } else {
            status = 200;
            answer = "{\"received\":true}";
        }
        ObjectNode record = Json.object();
        record.put("receivedAt", clock.instant().toString());
        record.put("webhookId", signed.id());
        record.put("webhookTimestamp", signed.timestamp());
        record.put("webhookSignature", signed.signature());
        record.put("signatureValid", valid);
        ArrayNode endpoints = record.putArray("endpointIds");
        secrets.endpointIds().forEach(endpoints::add);
        record.put("answered", fail != null && fail.equals("timeout") ? "timeout" : Integer.toString(status));
        if (body.length <= MAX_KEPT_BODY) {
            JsonNode json = Json.parseOrNull(body);
            if (json != null) {
                record.set("body", json);
            }
            // The exact bytes that were signed, so anyone can check the signature with their own library.
            record.put("rawBody", payload);
        } else {
            record.put("rawBody", new String(body, 0, MAX_KEPT_BODY, StandardCharsets.UTF_8));
            record.put("bodyTruncated", true);
        }
        record.put("bodyBytes", body.length);
        synchronized (received) {
            Kept kept = received.computeIfAbsent(name, k -> new Kept());
            kept.total++;
            kept.records.addLast(record);
            while (kept.records.size() > keepPerSink) {
                kept.records.removeFirst();
            }
        }
        if (fail != null && fail.equals("timeout")) {
            hold();
        }
        return new Answer(status, answer);
    }

    /**
     * {@code {"sink": name, "count": n, "received": total, "deliveries": [...]}}: the kept requests,
     * oldest first; {@code received} counts every request since the start or the last clear.
     */
    public String list(String name) {
        ObjectNode node = Json.object();
        node.put("sink", name);
        ArrayNode array = node.putArray("deliveries");
        long total;
        synchronized (received) {
            Kept kept = received.get(name);
            total = kept == null ? 0 : kept.total;
            if (kept != null) {
                kept.records.forEach(array::add);
            }
        }
        node.put("count", array.size());
        node.put("received", total);
        return Json.write(node);
    }

    public void clear(String name) {
        synchronized (received) {
            received.remove(name);
        }
    }

    private void hold() {
        try {
            Thread.sleep(timeoutHold.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
