package dev.hookline.core.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.json.Json;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;

/**
 * Structured logging: one JSON object per line, which CloudWatch Logs Insights queries by field.
 * Fields that may carry secrets or customer data are always redacted; the receiver's signature and
 * body fields are redacted unless debug is on. We write the line ourselves instead of pulling in a logging framework: a Lambda
 * needs exactly this, and SLF4J plus a backend costs cold-start time for nothing.
 */
public final class JsonLog {
    static final String REDACTED = "[redacted]";
    /**
     * Never written in clear. Besides secrets: names that would carry customer data or request
     * headers. No log line writes those today; should one ever, it is redacted, debug or not.
     */
    private static final Set<String> ALWAYS_REDACTED = Set.of("secret", "secrets", "signingkey", "password",
            "authorization", "token", "cookie", "apikey", "payload", "headers", "response", "responsebody");
    /**
     * What {@code HOOKLINE_DEBUG} shows, and exactly the fields a log line writes for it: the
     * receiver's line for a refused request (401, 400) carries the signature header and the start
     * of the body, to debug a signature mismatch. Any other name here would un-redact nothing.
     */
    public static final Set<String> DEBUG_FIELDS = Set.of("signature", "body");

    private final String function;
    private final PrintStream out;
    private final Clock clock;
    private final boolean debug;

    public JsonLog(String function, PrintStream out, Clock clock, boolean debug) {
        this.function = function;
        this.out = out;
        this.clock = clock;
        this.debug = debug;
    }

    public static JsonLog stdout(String function, boolean debug) {
        return new JsonLog(function, System.out, Clock.systemUTC(), debug);
    }

    public boolean debug() {
        return debug;
    }

    public Line info(String message) {
        return new Line("INFO", message);
    }

    public Line warn(String message) {
        return new Line("WARN", message);
    }

    public Line error(String message) {
        return new Line("ERROR", message);
    }

    /** A security event (a replayed id with another body, say): WARN level, flagged for alarms. */
    public Line security(String message) {
        return new Line("WARN", message).with("security", true);
    }

    /** Whether a field of this name is hidden from the log. */
    public boolean redacts(String field) {
        String key = field.toLowerCase(Locale.ROOT);
        if (ALWAYS_REDACTED.contains(key) || key.endsWith("secret") || key.endsWith("token")
                || key.endsWith("password")) {
            return true;
        }
        return !debug && (DEBUG_FIELDS.contains(key) || key.endsWith("signature") || key.endsWith("body"));
    }

    /** One log line under construction; nothing is written until {@link #emit()}. */
    public final class Line {
        private final ObjectNode node = Json.object();

        private Line(String level, String message) {
            node.put("time", clock.instant().toString());
            node.put("level", level);
            node.put("function", function);
            node.put("message", message);
        }

        public Line with(String field, Object value) {
            if (value == null) {
                return this;
            }
            if (redacts(field)) {
                node.put(field, REDACTED);
            } else if (value instanceof Double || value instanceof Float) {
                node.put(field, ((Number) value).doubleValue());
            } else if (value instanceof Number n) {
                node.put(field, n.longValue());
            } else if (value instanceof Boolean b) {
                node.put(field, b);
            } else {
                node.put(field, String.valueOf(value));
            }
            return this;
        }

        public void emit() {
            String line = Json.write(node);
            // One println per line: concurrent deliveries must not interleave half lines.
            synchronized (out) {
                out.println(line);
            }
        }
    }
}
