package io.dpsynth.evaluation.downstream;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.dpsynth.evaluation.LabeledText;
import io.dpsynth.model.NativeArrays;
import io.dpsynth.model.TrainingGate;
import io.dpsynth.model.TrainingLease;
import io.dpsynth.training.AdamW;
import io.dpsynth.training.NextTokenLoss;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;

/**
 * The paper's word-level CNN as a downstream classifier ({@link WordCnnNetwork}), trained with Adam on the CPU
 * (deterministic for a seed). Training opens DJL's gradient collector, of which a JVM may have only one, so it
 * first takes the JVM-wide {@link TrainingGate} lease, shared with every other dpsynth trainer.
 */
public final class WordCnnClassifier implements TextClassifier {

    public static final String NAME = "word-cnn";

    /**
     * @param maxWords        words read per text (the rest is cut)
     * @param maxTrainingWait how long to wait for another training job to finish
     */
    public record Settings(int embeddingSize, int filters, int[] widths, double dropout, double learningRate, int epochs,
                           int batchSize, int maxWords, int minWordCount, int maxVocabulary, long seed,
                           Duration maxTrainingWait) {

        /** 128-d embeddings, 100 filters each of widths 3, 4, 5, dropout 0.5, Adam 1e-3, 5 epochs of batches of 32. */
        public static Settings defaults(long seed) {
            return new Settings(128, 100, new int[] {3, 4, 5}, 0.5, 1e-3, 5, 32, 256, 2, 20_000, seed,
                    Duration.ofMinutes(10));
        }
    }

    private static final int PREDICTION_BATCH = 64;

    private final Settings settings;
    private final TrainingGate gate;

    public WordCnnClassifier(Settings settings) {
        this(settings, TrainingGate.jvmWide());
    }

    WordCnnClassifier(Settings settings, TrainingGate gate) {
        this.settings = settings;
        this.gate = gate;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("features", "word ids (lower-cased, punctuation ignored), first " + settings.maxWords() + " words");
        map.put("minWordCount", settings.minWordCount());
        map.put("maxVocabulary", settings.maxVocabulary());
        map.put("embeddingSize", settings.embeddingSize());
        map.put("filtersPerWidth", settings.filters());
        map.put("widths", Arrays.toString(settings.widths()));
        map.put("dropout", settings.dropout());
        map.put("optimizer", "adam");
        map.put("learningRate", settings.learningRate());
        map.put("epochs", settings.epochs());
        map.put("batchSize", settings.batchSize());
        map.put("seed", settings.seed());
        return map;
    }

    @Override
    public Trained train(List<LabeledText> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        List<String> labels = List.copyOf(new TreeSet<>(examples.stream().map(LabeledText::label).toList()));
        if (labels.size() == 1) {
            String only = labels.get(0);
            return text -> only;
        }
        WordVocabulary vocabulary = WordVocabulary.fit(examples.stream().map(LabeledText::text).toList(),
                settings.minWordCount(), settings.maxVocabulary());
        long[][] ids = new long[examples.size()][];
        long[] targets = new long[examples.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocabulary.encode(examples.get(i).text(), settings.maxWords());
            targets[i] = labels.indexOf(examples.get(i).label());
        }
        try (TrainingLease lease = acquire(); NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            SplittableRandom random = new SplittableRandom(settings.seed());
            WordCnnNetwork network = WordCnnNetwork.initialize(manager, vocabulary.size(), labels.size(), settings, random);
            fit(network, ids, targets, random);
            return new TrainedCnn(vocabulary, labels, settings, network.values(), network.shapes());
        }
    }

    private TrainingLease acquire() {
        try {
            return gate.acquire(settings.maxTrainingWait());
        } catch (TimeoutException e) {
            throw new TrainingUnavailableException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingUnavailableException("interrupted while waiting for the training lease", e);
        }
    }

    private void fit(WordCnnNetwork network, long[][] ids, long[] targets, SplittableRandom random) {
        List<NDArray> parameters = network.parameters();
        parameters.forEach(p -> p.setRequiresGradient(true));
        try (AdamW adam = new AdamW(parameters, 0.9, 0.999, 1e-8, 0)) {
            int[] order = new int[ids.length];
            Arrays.setAll(order, i -> i);
            for (int epoch = 0; epoch < settings.epochs(); epoch++) {
                shuffle(order, random);
                for (int from = 0; from < order.length; from += settings.batchSize()) {
                    int[] batch = Arrays.copyOfRange(order, from, Math.min(order.length, from + settings.batchSize()));
                    step(network, ids, targets, batch, random);
                    adam.step(settings.learningRate());
                }
            }
        } finally {
            parameters.forEach(p -> p.setRequiresGradient(false));
        }
    }

    private void step(WordCnnNetwork network, long[][] ids, long[] targets, int[] batch, SplittableRandom random) {
        Padded padded = Padded.of(ids, batch, settings.widths());
        int features = settings.filters() * settings.widths().length;
        float[] dropout = new float[batch.length * features];
        float kept = (float) (1 / (1 - settings.dropout()));
        for (int i = 0; i < dropout.length; i++) {
            dropout[i] = random.nextDouble() < settings.dropout() ? 0f : kept;
        }
        long[] batchTargets = new long[batch.length];
        for (int b = 0; b < batch.length; b++) {
            batchTargets[b] = targets[batch[b]];
        }
        try (NDManager scope = network.parameters().get(0).getManager().newSubManager();
             GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray logits = network.logits(scope, padded.ids(), padded.lengths(), dropout);
            // cross-entropy of the true class: the same formula as the next-token loss
            collector.backward(NextTokenLoss.mean(logits, NativeArrays.of(scope, batchTargets, new Shape(batch.length))));
        }
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    /** Word ids of a batch right-padded to its longest text, at least as long as the widest window. */
    record Padded(long[][] ids, int[] lengths) {
        static Padded of(long[][] all, int[] batch, int[] widths) {
            int longest = Arrays.stream(widths).max().orElse(1);
            int[] lengths = new int[batch.length];
            for (int b = 0; b < batch.length; b++) {
                lengths[b] = all[batch[b]].length;
                longest = Math.max(longest, lengths[b]);
            }
            long[][] rows = new long[batch.length][];
            for (int b = 0; b < batch.length; b++) {
                rows[b] = Arrays.copyOf(all[batch[b]], longest); // zeros: WordVocabulary.PADDING
            }
            return new Padded(rows, lengths);
        }
    }

    /** The trained CNN as Java arrays; predictions load it into a short-lived native manager. */
    private record TrainedCnn(WordVocabulary vocabulary, List<String> labels, Settings settings, List<float[]> values,
                              List<Shape> shapes) implements Trained {

        @Override
        public String predict(String text) {
            return predictAll(List.of(text)).get(0);
        }

        @Override
        public List<String> predictAll(List<String> texts) {
            long[][] ids = texts.stream().map(text -> vocabulary.encode(text, settings.maxWords())).toArray(long[][]::new);
            List<String> predicted = new ArrayList<>(texts.size());
            try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
                WordCnnNetwork network = WordCnnNetwork.of(manager, settings.widths(), values, shapes);
                for (int from = 0; from < ids.length; from += PREDICTION_BATCH) {
                    int[] batch = new int[Math.min(PREDICTION_BATCH, ids.length - from)];
                    final int offset = from;
                    Arrays.setAll(batch, i -> offset + i);
                    Padded padded = Padded.of(ids, batch, settings.widths());
                    try (NDManager scope = manager.newSubManager()) {
                        float[] logits = network.logits(scope, padded.ids(), padded.lengths(), null).toFloatArray();
                        for (int b = 0; b < batch.length; b++) {
                            predicted.add(labels.get(argmax(logits, b * labels.size(), labels.size())));
                        }
                    }
                }
            }
            return predicted;
        }

        private static int argmax(float[] values, int from, int count) {
            int best = 0;
            for (int i = 1; i < count; i++) {
                if (values[from + i] > values[from + best]) {
                    best = i;
                }
            }
            return best;
        }
    }
}
