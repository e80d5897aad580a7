package io.dpsynth.nifi.processors;

import io.dpsynth.dedup.SensitiveIndex;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds the one index all of the processor's threads share, and rebuilds it when the sensitive
 * reference changes. The source is looked at no more often than every check interval (by default
 * {@link #CHECK_INTERVAL_NANOS})
 * so that a directory listing does not cost every FlowFile; one thread rebuilds while the others
 * keep using the previous index.
 */
final class SensitiveIndexCache {

    static final long CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Builds an index for a reference; the settings are fixed for the lifetime of one cache. */
    @FunctionalInterface
    interface Loader {
        SensitiveIndex load(SensitiveReference reference) throws SensitiveReference.UnreadableException;
    }

    private record Loaded(SensitiveReference.Fingerprint fingerprint, SensitiveIndex index) {
    }

    private final SensitiveReference reference;
    private final Loader loader;
    private final long checkIntervalNanos;
    private final ReentrantLock rebuilding = new ReentrantLock();
    private volatile Loaded loaded;
    private volatile long nextCheckNanos;

    SensitiveIndexCache(SensitiveReference reference, Loader loader, long checkIntervalNanos) {
        this.reference = reference;
        this.loader = loader;
        this.checkIntervalNanos = checkIntervalNanos;
    }

    /** The current index, rebuilt first if the reference changed (or was never loaded). */
    SensitiveIndex current() throws SensitiveReference.UnreadableException {
        Loaded now = loaded;
        if (now != null && System.nanoTime() < nextCheckNanos) {
            return now.index();
        }
        if (now != null && !rebuilding.tryLock()) {
            return now.index(); // another thread is checking or rebuilding
        }
        if (now == null) {
            rebuilding.lock();
        }
        try {
            SensitiveReference.Fingerprint fingerprint = fingerprint();
            Loaded latest = loaded;
            if (latest == null || !latest.fingerprint().equals(fingerprint)) {
                latest = new Loaded(fingerprint, loader.load(reference));
                loaded = latest;
            }
            nextCheckNanos = System.nanoTime() + checkIntervalNanos;
            return latest.index();
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
