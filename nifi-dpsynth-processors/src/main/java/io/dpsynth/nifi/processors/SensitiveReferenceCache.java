package io.dpsynth.nifi.processors;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds what a processor builds from the sensitive reference (dedup's index, the evaluation's real
 * reference), shared by all of its threads, and rebuilds it when the reference changes. The source
 * is looked at no more often than every check interval (by default {@link #CHECK_INTERVAL_NANOS})
 * so that a directory listing does not cost every FlowFile; one thread rebuilds while the others
 * keep using the previous value.
 */
final class SensitiveReferenceCache<T> {

    static final long CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Builds the value for a reference; the settings are fixed for the lifetime of one cache. */
    @FunctionalInterface
    interface Loader<T> {
        T load(SensitiveReference reference) throws SensitiveReference.UnreadableException;
    }

    private record Loaded<T>(SensitiveReference.Fingerprint fingerprint, T value) {
    }

    private final SensitiveReference reference;
    private final Loader<T> loader;
    private final long checkIntervalNanos;
    private final ReentrantLock rebuilding = new ReentrantLock();
    private volatile Loaded<T> loaded;
    private volatile long nextCheckNanos;

    SensitiveReferenceCache(SensitiveReference reference, Loader<T> loader, long checkIntervalNanos) {
        this.reference = reference;
        this.loader = loader;
        this.checkIntervalNanos = checkIntervalNanos;
    }

    /** The current value, rebuilt first if the reference changed (or was never loaded). */
    T current() throws SensitiveReference.UnreadableException {
        Loaded<T> now = loaded;
        if (now != null && System.nanoTime() < nextCheckNanos) {
            return now.value();
        }
        if (now != null && !rebuilding.tryLock()) {
            return now.value(); // another thread is checking or rebuilding
        }
        if (now == null) {
            rebuilding.lock();
        }
        try {
            SensitiveReference.Fingerprint fingerprint = fingerprint();
            Loaded<T> latest = loaded;
            if (latest == null || !latest.fingerprint().equals(fingerprint)) {
                latest = new Loaded<>(fingerprint, loader.load(reference));
                loaded = latest;
            }
            nextCheckNanos = System.nanoTime() + checkIntervalNanos;
            return latest.value();
        } finally {
            rebuilding.unlock();
        }
    }

    private SensitiveReference.Fingerprint fingerprint() throws SensitiveReference.UnreadableException {
        try {
            return reference.fingerprint();
        } catch (IOException e) {
            throw new SensitiveReference.UnreadableException("Sensitive reference cannot be listed ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
