package dev.hookline.core.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.json.Json;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch metrics in the Embedded Metric Format: counters and timings gathered during one
 * invocation, written as one JSON line by {@link #flush()}; CloudWatch extracts them from the log.
 *
 * <p>A small writer instead of aws-embedded-metrics: that library probes its environment on first
 * use (and can try the ECS/EC2 metadata endpoints), brings SLF4J, and flushes through its own
 * sinks; on Lambda all we need is one stdout line per invocation, which costs nothing at cold start.
 */
public final class Metrics {
    public static final String NAMESPACE = "hookline";

    private final String function;
    private final PrintStream out;
    private final Clock clock;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Map<String, List<Double>> timings = new LinkedHashMap<>();

    public Metrics(String function, PrintStream out, Clock clock) {
        this.function = function;
        this.out = out;
        this.clock = clock;
    }

    public static Metrics stdout(String function) {
        return new Metrics(function, System.out, Clock.systemUTC());
    }

    public synchronized void count(String name) {
        count(name, 1);
    }

    public synchronized void count(String name, long n) {
        counts.merge(name, n, Long::sum);
    }

    public synchronized void timing(String name, double millis) {
        timings.computeIfAbsent(name, k -> new ArrayList<>()).add(millis);
    }

    /** What was counted since the last flush (for tests and for logs). */
    public synchronized Map<String, Long> counts() {
        return Map.copyOf(counts);
    }

    /** Writes the gathered metrics as one EMF line and starts afresh; writes nothing if none. */
    public synchronized void flush() {
        if (counts.isEmpty() && timings.isEmpty()) {
            return;
        }
        ObjectNode root = Json.object();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("function");
        ArrayNode defs = directive.putArray("Metrics");
        root.put("function", function);
        counts.forEach((name, value) -> {
            defs.addObject().put("Name", name).put("Unit", "Count");
            root.put(name, value);
        });
        timings.forEach((name, values) -> {
            defs.addObject().put("Name", name).put("Unit", "Milliseconds");
            ArrayNode array = root.putArray(name);
            values.forEach(array::add);
        });
        counts.clear();
        timings.clear();
        String line = Json.write(root);
        synchronized (out) {
            out.println(line);
        }
    }
}
