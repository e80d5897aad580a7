package io.dpsynth.model;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out training one job at a time, first come first served. DJL's PyTorch engine allows a single open
 * {@code GradientCollector} per JVM (a second one, from any thread, throws), so every trainer in the JVM must go
 * through {@link #jvmWide()}. A fair semaphore rather than a lock: a lease may be released by another thread.
 */
public final class TrainingGate {

    private static final TrainingGate JVM_WIDE = new TrainingGate();

    private final Semaphore permit = new Semaphore(1, true);
    private final AtomicInteger waiting = new AtomicInteger();
    /** The thread holding the lease, to fail fast instead of waiting for itself. */
    private volatile Thread holder;

    TrainingGate() {
    }

    /** The one gate of this JVM. */
    public static TrainingGate jvmWide() {
        return JVM_WIDE;
    }

    /**
     * Waits up to {@code maxWait} for exclusive training access.
     *
     * @throws TimeoutException      when another job still trains after {@code maxWait}
     * @throws IllegalStateException when the calling thread already holds the lease (it would wait for itself)
     */
    public TrainingLease acquire(Duration maxWait) throws InterruptedException, TimeoutException {
        if (holder == Thread.currentThread()) {
            throw new IllegalStateException("this thread already holds the training lease");
        }
        // The timed form with zero wait honours fairness; the untimed tryAcquire() would jump the queue.
        boolean granted = permit.tryAcquire(0, TimeUnit.NANOSECONDS);
        if (!granted) {
            waiting.incrementAndGet();
            try {
                granted = permit.tryAcquire(Math.max(0, maxWait.toNanos()), TimeUnit.NANOSECONDS);
            } finally {
                waiting.decrementAndGet();
            }
        }
        if (!granted) {
            throw new TimeoutException("another training job held the model for longer than " + maxWait);
        }
        holder = Thread.currentThread();
        return new Lease();
    }

    /** Jobs currently waiting for the lease. */
    public int waiting() {
        return waiting.get();
    }

    /** Whether some job holds the lease now. */
    public boolean busy() {
        return permit.availablePermits() == 0;
    }

    private final class Lease implements TrainingLease {
        private final AtomicBoolean open = new AtomicBoolean(true);

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                holder = null;
                permit.release();
            }
        }
    }
}
