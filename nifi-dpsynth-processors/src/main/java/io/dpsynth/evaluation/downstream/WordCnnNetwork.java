package io.dpsynth.evaluation.downstream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import io.dpsynth.model.NativeArrays;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Kim's (2014) sentence CNN on plain NDArrays: word embeddings → one 1-D convolution (+ ReLU) per window width →
 * max over time → dropout (training only) → linear layer to class logits. Windows that would read past a text's
 * last word are masked out of the max, so padding to a batch's longest text cannot change a prediction.
 * The parameters are created from Java random numbers, which makes a seed reproduce a run.
 */
final class WordCnnNetwork {

    private final int[] widths;
    /** Embedding, then weight and bias per width, then output weight and bias. */
    private final List<NDArray> parameters;

    private WordCnnNetwork(int[] widths, List<NDArray> parameters) {
        this.widths = widths;
        this.parameters = parameters;
    }

    /** Uniform ±0.25 embeddings (Kim), fan-in-scaled uniform weights, zero biases. */
    static WordCnnNetwork initialize(NDManager manager, int vocabulary, int classes, WordCnnClassifier.Settings settings,
                                     SplittableRandom random) {
        int d = settings.embeddingSize();
        int f = settings.filters();
        int[] widths = settings.widths();
        List<float[]> values = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        values.add(uniform(random, vocabulary * d, 0.25));
        shapes.add(new Shape(vocabulary, d));
        for (int width : widths) {
            values.add(uniform(random, f * d * width, 1 / Math.sqrt((double) d * width)));
            shapes.add(new Shape(f, d, width));
            values.add(new float[f]);
            shapes.add(new Shape(f));
        }
        values.add(uniform(random, classes * f * widths.length, 1 / Math.sqrt((double) f * widths.length)));
        shapes.add(new Shape(classes, (long) f * widths.length));
        values.add(new float[classes]);
        shapes.add(new Shape(classes));
        return of(manager, widths, values, shapes);
    }

    static WordCnnNetwork of(NDManager manager, int[] widths, List<float[]> values, List<Shape> shapes) {
        List<NDArray> parameters = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            parameters.add(NativeArrays.of(manager, values.get(i), shapes.get(i)));
        }
        return new WordCnnNetwork(widths.clone(), parameters);
    }

    List<NDArray> parameters() {
        return parameters;
    }

    /**
     * Class logits {@code [batch, classes]} for right-padded word ids; {@code dropoutScale} ({@code [batch,
     * filters × widths]}: 0 for a dropped feature, 1/(1-p) for a kept one) or null at prediction time.
     */
    NDArray logits(NDManager scope, long[][] ids, int[] lengths, float[] dropoutScale) {
        int batch = ids.length;
        int length = ids[0].length;
        NDArray words = Embedding.embedding(NativeArrays.of(scope, ids), parameters.get(0), SparseFormat.DENSE)
                .singletonOrThrow().transpose(0, 2, 1); // [batch, d, length]: channels first for conv1d
        NDList pooled = new NDList();
        for (int w = 0; w < widths.length; w++) {
            NDArray features = Activation.relu(Conv1d.conv1d(words, parameters.get(1 + 2 * w), parameters.get(2 + 2 * w))
                    .singletonOrThrow());
            int windows = length - widths[w] + 1;
            // ReLU outputs are >= 0, so zeroing a masked window removes it from the max
            pooled.add(features.mul(NativeArrays.of(scope, windowMask(lengths, widths[w], windows), new Shape(batch, 1, windows)))
                    .max(new int[] {2}));
        }
        NDArray hidden = NDArrays.concat(pooled, 1);
        if (dropoutScale != null) {
            hidden = hidden.mul(NativeArrays.of(scope, dropoutScale, hidden.getShape()));
        }
        int out = 1 + 2 * widths.length;
        return Linear.linear(hidden, parameters.get(out), parameters.get(out + 1)).singletonOrThrow();
    }

    /** 1 for windows inside the text; a text shorter than the window keeps its first window (it reads padding). */
    private static float[] windowMask(int[] lengths, int width, int windows) {
        float[] mask = new float[lengths.length * windows];
        for (int b = 0; b < lengths.length; b++) {
            int valid = Math.max(1, lengths[b] - width + 1);
            for (int t = 0; t < Math.min(valid, windows); t++) {
                mask[b * windows + t] = 1f;
            }
        }
        return mask;
    }

    /** The trained values, to keep after the native memory is freed. */
    List<float[]> values() {
        return parameters.stream().map(NDArray::toFloatArray).toList();
    }

    List<Shape> shapes() {
        return parameters.stream().map(NDArray::getShape).toList();
    }

    private static float[] uniform(SplittableRandom random, int count, double bound) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
        return values;
    }
}
