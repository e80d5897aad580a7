package io.dpsynth.model;

/**
 * Exclusive permission to train (open a DJL {@code GradientCollector}) until closed. Closing twice is harmless;
 * it may be closed from another thread than the one that acquired it.
 */
public interface TrainingLease extends AutoCloseable {

    @Override
    void close();
}
