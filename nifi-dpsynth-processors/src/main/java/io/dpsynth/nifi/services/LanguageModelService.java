package io.dpsynth.nifi.services;

import io.dpsynth.model.LanguageModel;
import io.dpsynth.model.TrainingLease;
import org.apache.nifi.controller.ControllerService;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The frozen base language model shared by every dpsynth processor of a NiFi node: loaded once when the service
 * is enabled, on the configured device. Generation and evaluation may use it concurrently; training (which opens
 * DJL's one-per-JVM gradient collector) first takes the training lease.
 */
public interface LanguageModelService extends ControllerService {

    /**
     * The loaded model. Do not close it: the service closes it when disabled.
     *
     * @throws IllegalStateException when the service is not enabled
     */
    LanguageModel languageModel();

    /**
     * Waits up to {@code maxWait} for exclusive training access (JVM-wide, first come first served). Close the
     * lease when the training step or run ends, in a {@code finally} or try-with-resources.
     *
     * @throws TimeoutException when another job still trains after {@code maxWait}
     */
    TrainingLease acquireTraining(Duration maxWait) throws InterruptedException, TimeoutException;

    /** Training jobs currently waiting for the lease, for bulletins and attributes. */
    int trainingJobsWaiting();

    /**
     * Longest token sequence processors may feed (soft prompt + prompt + generated tokens); the tokenizer never
     * truncates, so processors truncate to this explicitly.
     *
     * @throws IllegalStateException when the service is not enabled
     */
    default int maxSequenceLength() {
        return languageModel().maxSequenceLength();
    }
}
