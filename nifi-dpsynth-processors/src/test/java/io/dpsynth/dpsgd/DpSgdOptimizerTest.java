package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dpsynth.model.NativeArrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The privacy mechanics of one step: clipping bounds each example's influence, the noise has the claimed scale. */
class DpSgdOptimizerTest {

    private static final double CLIP = 0.7;
    private static final double SIGMA = 1.3;
    private static final double EXPECTED_BATCH = 8;
    private static final double LEARNING_RATE = 0.05;

    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void oneExampleScaledThousandfoldMovesTheUpdateByAtMostClipTimesLearningRateOverExpectedBatch() {
        float[][] rows = randomRows(6, 12, 5);
        float[][] scaled = rows.clone();
        scaled[2] = times(rows[2], 1000);
        try (NDManager scope = manager.newSubManager()) {
            // SGD update = lr · privatised gradient; the same noise seed isolates the data's part of it
            float[] with = update(scope, scaled, 42);
            float[] without = update(scope, without(scaled, 2), 42);
            float[] original = update(scope, rows, 42);
            double bound = LEARNING_RATE * CLIP / EXPECTED_BATCH;
            double removed = distance(with, without);
            assertTrue(removed <= bound * (1 + 1e-5), "adding the scaled example moved the update by " + removed + " > " + bound);
            assertTrue(removed >= bound * 0.999, "a huge example must be clipped to exactly C, moved " + removed);
            double replaced = distance(with, original);
            assertTrue(replaced <= 2 * bound * (1 + 1e-5), "replacing one example moved the update by " + replaced);
        }
    }

    @Test
    void smallGradientsAreNotClipped() {
        float[][] rows = {times(new float[] {0.1f, 0.2f, 0.3f, 0.1f}, 1)};
        try (NDManager scope = manager.newSubManager()) {
            DpSgdOptimizer optimizer = new DpSgdOptimizer(CLIP, 0, 1, new NoiseSource(NoiseMode.SEEDED, 1));
            List<NDArray> sum = DpSgdOptimizer.zeroSum(List.of(scope.zeros(new Shape(2, 2))), scope);
            optimizer.addClipped(List.of(NativeArrays.of(scope, rows[0], new Shape(1, 2, 2))), sum);
            float[] out = optimizer.privatize(sum).get(0).toFloatArray();
            for (int i = 0; i < 4; i++) {
                assertEquals(rows[0][i], out[i], 1e-7);
            }
        }
    }

    @Test
    void noiseOfEmptyStepsHasStandardDeviationSigmaClipOverExpectedBatch() {
        double expected = SIGMA * CLIP / EXPECTED_BATCH;
        int steps = 300;
        int coordinates = 40;
        DpSgdOptimizer optimizer = new DpSgdOptimizer(CLIP, SIGMA, EXPECTED_BATCH, new NoiseSource(NoiseMode.SECURE, 0));
        double sum = 0;
        double squares = 0;
        long withinOneSd = 0;
        for (int step = 0; step < steps; step++) {
            try (NDManager scope = manager.newSubManager()) {
                List<NDArray> empty = DpSgdOptimizer.zeroSum(List.of(scope.zeros(new Shape(coordinates))), scope);
                for (float value : optimizer.privatize(empty).get(0).toFloatArray()) {
                    sum += value;
                    squares += value * value;
                    withinOneSd += Math.abs(value) <= expected ? 1 : 0;
                }
            }
        }
        int n = steps * coordinates;
        double mean = sum / n;
        double std = Math.sqrt(squares / n - mean * mean);
        assertEquals(expected, std, 0.05 * expected, "noise standard deviation");
        assertEquals(0, mean, 5 * expected / Math.sqrt(n), "noise mean");
        assertEquals(0.6827, withinOneSd / (double) n, 0.015, "share within one standard deviation (Gaussian shape)");
    }

    @Test
    void nonFiniteGradientFailsInsteadOfEscapingTheClip() {
        try (NDManager scope = manager.newSubManager()) {
            DpSgdOptimizer optimizer = new DpSgdOptimizer(CLIP, SIGMA, EXPECTED_BATCH, new NoiseSource(NoiseMode.SEEDED, 1));
            List<NDArray> sum = DpSgdOptimizer.zeroSum(List.of(scope.zeros(new Shape(2))), scope);
            NDArray nan = NativeArrays.of(scope, new float[] {Float.NaN, 1}, new Shape(1, 2));
            assertThrows(IllegalStateException.class, () -> optimizer.addClipped(List.of(nan), sum));
        }
    }

    /** lr · privatised gradient of per-example gradients {@code rows}, each split over two tensors [3] and [rest]. */
    private static float[] update(NDManager scope, float[][] rows, long seed) {
        DpSgdOptimizer optimizer = new DpSgdOptimizer(CLIP, SIGMA, EXPECTED_BATCH, new NoiseSource(NoiseMode.SEEDED, seed));
        int width = rows[0].length;
        List<NDArray> parameters = List.of(scope.zeros(new Shape(3)), scope.zeros(new Shape(width - 3)));
        List<NDArray> sum = DpSgdOptimizer.zeroSum(parameters, scope);
        float[] first = new float[rows.length * 3];
        float[] rest = new float[rows.length * (width - 3)];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, first, i * 3, 3);
            System.arraycopy(rows[i], 3, rest, i * (width - 3), width - 3);
        }
        optimizer.addClipped(List.of(NativeArrays.of(scope, first, new Shape(rows.length, 3)),
                NativeArrays.of(scope, rest, new Shape(rows.length, width - 3))), sum);
        List<NDArray> gradient = optimizer.privatize(sum);
        float[] a = gradient.get(0).toFloatArray();
        float[] b = gradient.get(1).toFloatArray();
        float[] out = new float[width];
        for (int i = 0; i < width; i++) {
            out[i] = (float) (LEARNING_RATE * (i < 3 ? a[i] : b[i - 3]));
        }
        return out;
    }

    private static float[][] randomRows(int count, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] rows = new float[count][width];
        for (float[] row : rows) {
            for (int j = 0; j < width; j++) {
                row[j] = (float) (random.nextGaussian() * 0.3);
            }
        }
        return rows;
    }

    private static float[] times(float[] row, float factor) {
        float[] out = row.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= factor;
        }
        return out;
    }

    private static float[][] without(float[][] rows, int index) {
        List<float[]> kept = new ArrayList<>(List.of(rows));
        kept.remove(index);
        return kept.toArray(new float[0][]);
    }

    private static double distance(float[] a, float[] b) {
        double squares = 0;
        for (int i = 0; i < a.length; i++) {
            squares += (double) (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(squares);
    }
}
