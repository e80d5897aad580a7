package io.dpsynth.dpsgd;

/** Progress and cancellation of a training run, polled between steps. */
public interface TrainingMonitor {

    TrainingMonitor NONE = new TrainingMonitor() {
    };

    /** True to stop after the current step. */
    default boolean cancelled() {
        return false;
    }

    /**
     * After each step: how many steps are done, the batch size, and the batch's mean Prefix-LM loss (NaN for an
     * empty batch). The loss is of sensitive examples and not part of the DP release: for operators only.
     */
    default void stepDone(int step, int batchSize, double meanLoss) {
    }
}
