package dev.hookline.local.internal;

import dev.hookline.core.log.JsonLog;
import dev.hookline.testing.EventSourceMapping;
import java.time.Duration;

/**
 * One queue's event source mapping on its own thread: polls (short long-polls, so a stop is
 * quick), invokes the function with the batch and deletes what it did not report failed. Errors
 * of the poll itself (an emulator going away) are logged and retried after a pause.
 */
public final class QueuePoller implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(1);
    private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);

    private final EventSourceMapping mapping;
    private final String name;
    private final JsonLog log;
    private final Thread thread;
    private volatile boolean running = true;

    public QueuePoller(EventSourceMapping mapping, String name, JsonLog log) {
        this.mapping = mapping;
        this.name = name;
        this.log = log;
        this.thread = new Thread(this::loop, "poller-" + name);
        this.thread.setDaemon(true);
    }

    public QueuePoller start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (running) {
            try {
                EventSourceMapping.Poll poll = mapping.pollOnce(WAIT);
                if (poll.threw()) {
                    log.warn("function threw: the whole batch returns after its visibility timeout")
                            .with("function", name).with("records", poll.received()).emit();
                }
            } catch (Throwable e) {
                if (!running) {
                    return;
                }
                log.error("poll failed").with("function", name).with("error", e.toString()).emit();
                pause();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(ERROR_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the polling thread is alive (for GET /_health). */
    public boolean running() {
        return running && thread.isAlive();
    }

    /** Stops polling; a batch in the function's hands is finished first (up to the timeout). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(20).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
