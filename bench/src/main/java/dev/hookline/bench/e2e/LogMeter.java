package dev.hookline.bench.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for stdout while the local runtime runs: every line the functions print (JsonLog lines
 * and EMF metric lines, which is what CloudWatch Logs would ingest) is counted in bytes per
 * function, copied to a file, and the sender's successful deliveries are counted as they happen.
 */
final class LogMeter extends OutputStream {
    private static final Pattern FUNCTION = Pattern.compile("\"function\":\"([a-z-]+)\"");

    final Map<String, LongAdder> bytes = new ConcurrentHashMap<>();
    final Map<String, LongAdder> lines = new ConcurrentHashMap<>();
    final AtomicInteger delivered = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();
    private final OutputStream copy;
    private final ThreadLocal<java.io.ByteArrayOutputStream> line =
            ThreadLocal.withInitial(() -> new java.io.ByteArrayOutputStream(512));

    LogMeter(OutputStream copy) {
        this.copy = copy;
    }

    @Override
    public void write(int b) {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        java.io.ByteArrayOutputStream current = line.get();
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                finish(current.toString(StandardCharsets.UTF_8));
                current.reset();
            } else {
                current.write(b[i]);
            }
        }
    }

    private void finish(String text) {
        Matcher m = FUNCTION.matcher(text);
        String function = m.find() ? m.group(1) : "other";
        bytes.computeIfAbsent(function, k -> new LongAdder()).add(text.getBytes(StandardCharsets.UTF_8).length + 1);
        lines.computeIfAbsent(function, k -> new LongAdder()).increment();
        if (function.equals("sender") && text.contains("\"outcome\":\"succeeded\"")) {
            delivered.incrementAndGet();
        }
        if (text.contains("\"level\":\"ERROR\"") || text.contains("\"level\":\"error\"")) {
            errors.incrementAndGet();
        }
        synchronized (copy) {
            try {
                copy.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    void reset() {
        bytes.clear();
        lines.clear();
        delivered.set(0);
        errors.set(0);
    }

    @Override
    public void flush() throws IOException {
        synchronized (copy) {
            copy.flush();
        }
    }
}
