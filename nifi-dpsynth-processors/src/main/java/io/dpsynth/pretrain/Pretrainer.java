package io.dpsynth.pretrain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpsynth.model.ForwardInput;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.model.Gpt2Weights;
import io.dpsynth.model.NativeArrays;
import io.dpsynth.training.AdamW;
import io.dpsynth.training.LearningRateSchedule;
import io.dpsynth.training.NextTokenLoss;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Non-private pre-training of a GPT-2 on public text: next-token loss, AdamW with warm-up and cosine decay,
 * global-norm clipping, held-out perplexity, Hugging Face checkpoints. Trains all tensors of the given weights
 * in place. Uses the JVM's single gradient collector, so only one training may run at a time.
 */
public final class Pretrainer {

    public static final String RECIPE_FILE = "training.json";

    /** Outcome of a run. */
    public record Result(int steps, double lastTrainingLoss, double heldOutLoss, double tokensPerSecond, long trainedTokens) {
        public double heldOutPerplexity() {
            return Math.exp(heldOutLoss);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PretrainSettings settings;
    private final Consumer<String> progress;

    /** @param progress receives one line per evaluation (step, losses, rates; never text) */
    public Pretrainer(PretrainSettings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Trains {@code weights} on {@code data}; writes a checkpoint and {@code training.json} to
     * {@code outputDirectory} at every evaluation and at the end (null = no checkpoints).
     */
    public Result train(Gpt2Weights weights, PackedSequences data, Path outputDirectory, Map<String, Object> provenance)
            throws IOException {
        if (data.training().length < settings.batchSize()) {
            throw new IllegalArgumentException("corpus gives " + data.training().length + " training sequences, fewer than one batch of "
                    + settings.batchSize());
        }
        Gpt2Model model = new Gpt2Model(weights);
        List<NDArray> parameters = new ArrayList<>(weights.tensors().values());
        parameters.forEach(p -> p.setRequiresGradient(true));
        LearningRateSchedule schedule = new LearningRateSchedule(settings.peakLearningRate(), settings.warmupSteps(),
                settings.steps(), settings.minLearningRateFraction());
        BatchOrder order = new BatchOrder(data.training().length, settings.seed());
        ArrayNode history = JSON.createArrayNode();
        long tokensPerStep = (long) settings.batchSize() * settings.contextLength();
        double trainingNanos = 0;
        double lastLoss = Double.NaN;
        double heldOutLoss = Double.NaN;
        try (AdamW optimizer = new AdamW(parameters, 0.9, 0.95, 1e-8, settings.weightDecay())) {
            for (int step = 0; step < settings.steps(); step++) {
                long started = System.nanoTime();
                lastLoss = trainStep(model, optimizer, batch(data.training(), order), schedule.rate(step));
                trainingNanos += System.nanoTime() - started;
                if (!Double.isFinite(lastLoss)) {
                    throw new IllegalStateException("training loss became " + lastLoss + " at step " + (step + 1)
                            + "; lower the learning rate");
                }
                boolean last = step == settings.steps() - 1;
                if ((step + 1) % settings.evaluateEvery() == 0 || last) {
                    heldOutLoss = heldOutLoss(model, data.heldOut(), settings.evaluationBatches());
                    double tokensPerSecond = tokensPerStep * (step + 1) / (trainingNanos / 1e9);
                    ObjectNode point = history.addObject();
                    point.put("step", step + 1).put("trainingLoss", lastLoss).put("heldOutLoss", heldOutLoss)
                            .put("heldOutPerplexity", Math.exp(heldOutLoss)).put("learningRate", schedule.rate(step))
                            .put("tokensPerSecond", tokensPerSecond);
                    progress.accept(String.format("step %d/%d  loss %.4f  held-out loss %.4f (perplexity %.2f)  lr %.2e  %.0f tokens/s",
                            step + 1, settings.steps(), lastLoss, heldOutLoss, Math.exp(heldOutLoss), schedule.rate(step), tokensPerSecond));
                    if (outputDirectory != null) {
                        weights.save(outputDirectory);
                        writeRecipe(outputDirectory, weights, data, history, provenance);
                    }
                }
            }
        } finally {
            parameters.forEach(p -> p.setRequiresGradient(false));
        }
        return new Result(settings.steps(), lastLoss, heldOutLoss, tokensPerStep * settings.steps() / (trainingNanos / 1e9),
                tokensPerStep * settings.steps());
    }

    /** One forward/backward/update; returns the batch's mean loss. */
    double trainStep(Gpt2Model model, AdamW optimizer, long[][] batch, double learningRate) {
        double loss;
        try (NDManager scope = model.weights().manager().newSubManager()) {
            NDArray tokens = NativeArrays.of(scope, batch);
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray logits = model.forward(ForwardInput.of(tokens.get(new NDIndex(":, :-1"))));
                NDArray meanLoss = NextTokenLoss.mean(logits, tokens.get(new NDIndex(":, 1:")));
                collector.backward(meanLoss);
                loss = meanLoss.getFloat();
            }
        }
        optimizer.clipGradients(settings.clipNorm());
        optimizer.step(learningRate);
        return loss;
    }

    /** Mean next-token loss over held-out sequences (at most {@code maxBatches} batches; 0 = all). */
    public double heldOutLoss(Gpt2Model model, long[][] sequences, int maxBatches) {
        if (sequences.length == 0) {
            return Double.NaN;
        }
        int batches = (sequences.length + settings.batchSize() - 1) / settings.batchSize();
        if (maxBatches > 0) {
            batches = Math.min(batches, maxBatches);
        }
        double sum = 0;
        long count = 0;
        for (int b = 0; b < batches; b++) {
            long[][] batch = Arrays.copyOfRange(sequences, b * settings.batchSize(),
                    Math.min(sequences.length, (b + 1) * settings.batchSize()));
            try (NDManager scope = model.weights().manager().newSubManager()) {
                NDArray tokens = NativeArrays.of(scope, batch);
                NDArray logits = model.forward(ForwardInput.of(tokens.get(new NDIndex(":, :-1"))));
                sum += NextTokenLoss.mean(logits, tokens.get(new NDIndex(":, 1:"))).getFloat() * batch.length;
                count += batch.length;
            }
        }
        return sum / count;
    }

    private long[][] batch(long[][] sequences, BatchOrder order) {
        long[][] batch = new long[settings.batchSize()][];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = sequences[order.next()];
        }
        return batch;
    }

    private void writeRecipe(Path directory, Gpt2Weights weights, PackedSequences data, ArrayNode history,
                             Map<String, Object> provenance) throws IOException {
        ObjectNode recipe = JSON.createObjectNode();
        recipe.set("settings", JSON.valueToTree(settings));
        recipe.set("config", JSON.valueToTree(weights.config()));
        recipe.put("parameters", weights.config().parameterCount());
        recipe.put("trainingTokens", data.trainingTokens());
        recipe.put("heldOutTokens", data.heldOutTokens());
        recipe.set("provenance", JSON.valueToTree(provenance));
        recipe.set("history", history);
        Files.write(directory.resolve(RECIPE_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(recipe));
    }

    /** Visits all sequences in a seeded random order, reshuffling at every epoch. */
    private static final class BatchOrder {
        private final List<Integer> indices = new ArrayList<>();
        private final Random random;
        private int position;

        BatchOrder(int size, long seed) {
            for (int i = 0; i < size; i++) {
                indices.add(i);
            }
            random = new Random(seed);
            Collections.shuffle(indices, random);
        }

        int next() {
            if (position == indices.size()) {
                Collections.shuffle(indices, random);
                position = 0;
            }
            return indices.get(position++);
        }
    }
}
