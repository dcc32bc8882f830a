package dev.hookline.local.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Function instances for concurrent invocations: like Lambda, one instance handles one invocation
 * at a time, and a new instance is made (a "cold start") only when all are busy, up to a limit.
 */
public final class InstancePool<T> {
    private final LinkedBlockingQueue<T> idle = new LinkedBlockingQueue<>();
    private final AtomicInteger created = new AtomicInteger();
    private final Supplier<T> factory;
    private final int max;

    public InstancePool(Supplier<T> factory, int max) {
        this.factory = factory;
        this.max = max;
        idle.add(factory.get());
        created.set(1);
    }

    public <R> R invoke(Function<T, R> call) {
        T instance = idle.poll();
        if (instance == null) {
            if (created.incrementAndGet() <= max) {
                instance = factory.get();
            } else {
                created.decrementAndGet();
                try {
                    instance = idle.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a function instance", e);
                }
            }
        }
        try {
            return call.apply(instance);
        } finally {
            idle.add(instance);
        }
    }
}
