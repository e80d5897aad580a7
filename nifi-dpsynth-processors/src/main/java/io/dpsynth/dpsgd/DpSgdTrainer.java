package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.training.AdamW;

import java.util.ArrayList;
import java.util.List;

/**
 * DP-SGD on a {@link Tuner} over a frozen model: each step draws a Poisson sample, computes exact per-example
 * gradients (in micro-batches; one example at a time where the tuner's copies are as large as the model),
 * clips and sums them, adds Gaussian noise, divides by qN and hands the result to
 * Adam. The step counter is what gets charged: it counts a step from the moment its sample is drawn, so a run
 * that fails halfway through a step is charged for that step too.
 */
public final class DpSgdTrainer {

    private final Gpt2Model model;
    private final Tuner tuner;
    private final DpSgdSettings settings;
    private volatile int stepsStarted;

    public DpSgdTrainer(Gpt2Model model, Tuner tuner, DpSgdSettings settings) {
        this.model = model;
        this.tuner = tuner;
        this.settings = settings;
    }

    /** Steps whose sample was drawn: an upper bound on what was spent, also after a failure. */
    public int stepsStarted() {
        return stepsStarted;
    }

    /** Trains on {@code examples}; the caller must hold the JVM-wide training lease (one gradient collector). */
    public DpSgdRun train(List<PrefixLmExample> examples, TrainingMonitor monitor) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        double q = settings.samplingRate(examples.size());
        PoissonSampler sampler = new PoissonSampler(examples.size(), q, settings.noiseMode(), settings.seed());
        DpSgdOptimizer privacy = new DpSgdOptimizer(settings.clipNorm(), settings.noiseMultiplier(),
                settings.expectedBatchSize(), new NoiseSource(settings.noiseMode(), settings.seed()));
        int perPass = Math.min(settings.microBatchSize(), tuner.maxExamplesPerPass());
        long sampled = 0;
        long clipped = 0;
        double lastLoss = Double.NaN;
        try (AdamW adam = new AdamW(tuner.parameters(), 0.9, 0.999, 1e-8, 0)) {
            for (int step = 0; step < settings.steps(); step++) {
                if (monitor.cancelled()) {
                    return new DpSgdRun(step, true, sampled, fraction(clipped, sampled), lastLoss);
                }
                stepsStarted = step + 1;
                int[] batch = sampler.nextBatch();
                double lossSum = 0;
                try (NDManager scope = model.weights().manager().newSubManager()) {
                    List<NDArray> sum = DpSgdOptimizer.zeroSum(tuner.parameters(), scope);
                    for (int from = 0; from < batch.length; from += perPass) {
                        int to = Math.min(batch.length, from + perPass);
                        try (NDManager pass = scope.newSubManager()) {
                            PrefixLmBatch micro = PrefixLmBatch.of(select(examples, batch, from, to), pass);
                            PerExampleGradients gradients = PerExampleGradients.compute(model, tuner, micro, pass);
                            for (double norm : privacy.addClipped(gradients.gradients(), sum)) {
                                clipped += norm > settings.clipNorm() ? 1 : 0;
                            }
                            for (float loss : gradients.losses()) {
                                lossSum += loss;
                            }
                        }
                    }
                    adam.step(privacy.privatize(sum), settings.learningRate());
                }
                sampled += batch.length;
                if (batch.length > 0) {
                    lastLoss = lossSum / batch.length;
                }
                monitor.stepDone(step + 1, batch.length, batch.length == 0 ? Double.NaN : lossSum / batch.length);
            }
        }
        return new DpSgdRun(settings.steps(), false, sampled, fraction(clipped, sampled), lastLoss);
    }

    private static List<PrefixLmExample> select(List<PrefixLmExample> examples, int[] indices, int from, int to) {
        List<PrefixLmExample> chosen = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            chosen.add(examples.get(indices[i]));
        }
        return chosen;
    }

    private static double fraction(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
