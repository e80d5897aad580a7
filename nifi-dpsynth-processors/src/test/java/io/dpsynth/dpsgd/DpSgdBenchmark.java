package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.dpsynth.model.ForwardInput;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.model.Gpt2Weights;
import io.dpsynth.training.AdamW;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * DP-SGD cost for docs/benchmarks.md (no assertions on time): seconds per DP-SGD step (Poisson sample,
 * per-example gradients in one batched pass — one pass per example for full fine-tuning —, clipping, noise,
 * Adam) against seconds per ordinary step
 * (a fixed batch of the expected size, one mean-loss backward, Adam), same model, same expected batch, same
 * sequence length, measured alternately in one run (DP, plain, DP, plain) so machine load hits both alike.
 * Run with {@code -Ddpsynth.bench=true}; options {@code -Ddpsynth.bench.model=DIR} (else random weights of the
 * bundled model's shape), {@code -Ddpsynth.bench.batch=16}, {@code -Ddpsynth.bench.tokens=128},
 * {@code -Ddpsynth.bench.steps=10} (per block, 2 blocks each), {@code -Ddpsynth.bench.methods=prompt,lora,full}
 * (which rows; full fine-tuning is slow, so it has its own {@code -Ddpsynth.bench.fullSteps=3}).
 */
@EnabledIfSystemProperty(named = "dpsynth.bench", matches = "true")
class DpSgdBenchmark {

    private static final Gpt2Config BUNDLED_SHAPE = Gpt2Config.of(8192, 256, 256, 4, 4);
    private static final int DATASET = 2000;

    @Test
    void dpStepTimeAgainstNonPrivateStepTime() throws Exception {
        int batch = Integer.getInteger("dpsynth.bench.batch", 16);
        int tokens = Integer.getInteger("dpsynth.bench.tokens", 128);
        int steps = Integer.getInteger("dpsynth.bench.steps", 10);
        int fullSteps = Integer.getInteger("dpsynth.bench.fullSteps", 3);
        List<String> methods = List.of(System.getProperty("dpsynth.bench.methods", "prompt,lora,full").split(","));
        String directory = System.getProperty("dpsynth.bench.model");
        try (NDManager manager = NDManager.newBaseManager();
             Gpt2Weights weights = directory == null ? Gpt2Weights.initialize(BUNDLED_SHAPE, manager, 1)
                     : Gpt2Weights.load(Path.of(directory), manager)) {
            Gpt2Model model = new Gpt2Model(weights);
            List<PrefixLmExample> data = randomExamples(model.config(), tokens);
            System.out.printf("model %s, dataset %d, expected batch %d, %d tokens per sequence, %d steps per block%n",
                    directory == null ? "random weights " + BUNDLED_SHAPE : directory, DATASET, batch, tokens, steps);
            System.out.println("| tuning | trainable parameters | DP-SGD s/step | non-private s/step | ratio |");
            System.out.println("|---|---|---|---|---|");
            if (methods.contains("prompt")) {
                measure("prompt tuning, 20 virtual tokens", model, data, batch, steps, m -> PromptTuner.initialize(m, 20, 1));
            }
            if (methods.contains("lora")) {
                measure("LoRA r = 8 on c_attn and c_proj", model, data, batch, steps, m -> LoraTuner.initialize(m, 8, 16, 1));
            }
            if (methods.contains("full")) {
                measure("full fine-tuning, per-example passes (" + fullSteps + " steps per block)", model, data, batch,
                        fullSteps, FullFineTuner::initialize);
            }
        }
    }

    private static void measure(String name, Gpt2Model model, List<PrefixLmExample> data, int batch, int steps,
                                Function<Gpt2Model, Tuner> tuners) {
        double dp = 0;
        double plain = 0;
        long parameters = 0;
        try (Tuner dpTuner = tuners.apply(model); Tuner plainTuner = tuners.apply(model)) {
            for (NDArray parameter : dpTuner.parameters()) {
                parameters += parameter.size();
            }
            DpSgdSettings settings = new DpSgdSettings(steps, batch, 1e-3, 1.0, 1.0, 4 * batch, NoiseMode.SECURE, 0);
            NonPrivateTraining baseline = new NonPrivateTraining(model, plainTuner, data, batch);
            new DpSgdTrainer(model, dpTuner, new DpSgdSettings(2, batch, 1e-3, 1.0, 1.0, 4 * batch, NoiseMode.SECURE, 0))
                    .train(data, TrainingMonitor.NONE); // warm-up
            baseline.run(2);
            for (int block = 0; block < 2; block++) {
                long start = System.nanoTime();
                new DpSgdTrainer(model, dpTuner, settings).train(data, TrainingMonitor.NONE);
                dp += (System.nanoTime() - start) / 1e9;
                start = System.nanoTime();
                baseline.run(steps);
                plain += (System.nanoTime() - start) / 1e9;
            }
            baseline.close();
        }
        System.out.printf("| %s | %,d | %.3f | %.3f | **%.2f** |%n", name, parameters, dp / (2 * steps),
                plain / (2 * steps), dp / plain);
    }

    /** Ordinary (non-private) training of the same tuner: fixed-size uniform batches, mean loss, Adam. */
    private static final class NonPrivateTraining implements AutoCloseable {
        private final Gpt2Model model;
        private final Tuner tuner;
        private final List<PrefixLmExample> data;
        private final int batch;
        private final AdamW adam;
        private final SplittableRandom random = new SplittableRandom(5);

        NonPrivateTraining(Gpt2Model model, Tuner tuner, List<PrefixLmExample> data, int batch) {
            this.model = model;
            this.tuner = tuner;
            this.data = data;
            this.batch = batch;
            tuner.parameters().forEach(p -> p.setRequiresGradient(true));
            this.adam = new AdamW(tuner.parameters(), 0.9, 0.999, 1e-8, 0);
        }

        void run(int steps) {
            for (int step = 0; step < steps; step++) {
                List<PrefixLmExample> chosen = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    chosen.add(data.get(random.nextInt(data.size())));
                }
                try (NDManager scope = model.weights().manager().newSubManager()) {
                    PrefixLmBatch prefixLm = PrefixLmBatch.of(chosen, scope);
                    try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
                        NDArray logits = model.forward(tuner.withShared(ForwardInput.of(prefixLm.inputs()), batch));
                        collector.backward(prefixLm.perExampleLoss(logits, tuner.virtualTokens()).mean());
                    }
                }
                adam.step(1e-3);
            }
        }

        @Override
        public void close() {
            adam.close();
            tuner.parameters().forEach(p -> p.setRequiresGradient(false));
        }
    }

    private static List<PrefixLmExample> randomExamples(Gpt2Config config, int tokens) {
        SplittableRandom random = new SplittableRandom(3);
        List<PrefixLmExample> examples = new ArrayList<>(DATASET);
        for (int i = 0; i < DATASET; i++) {
            long[] ids = new long[tokens];
            for (int t = 0; t < tokens; t++) {
                ids[t] = random.nextInt(config.vocabularySize() - 1);
            }
            examples.add(new PrefixLmExample(ids, 4, false));
        }
        return examples;
    }
}
