package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dpsynth.model.NativeArrays;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The private part of DP-SGD (Abadi et al. 2016): clip each example's gradient (all tuner tensors together) to
 * L2 norm at most C, sum, add N(0, σ²C²) to every coordinate, and divide by the expected batch size qN — not
 * by the actual batch size, which would itself depend on the data. An empty batch still gets its noise.
 * What leaves {@link #privatize} is safe to release; the optimiser that follows (Adam) is post-processing.
 */
public final class DpSgdOptimizer {

    private final double clipNorm;
    private final double noiseMultiplier;
    private final double expectedBatchSize;
    private final NoiseSource noise;

    public DpSgdOptimizer(double clipNorm, double noiseMultiplier, double expectedBatchSize, NoiseSource noise) {
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clipping norm must be finite and > 0, got " + clipNorm);
        }
        if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noise multiplier must be finite and >= 0, got " + noiseMultiplier);
        }
        if (!(expectedBatchSize > 0)) {
            throw new IllegalArgumentException("expected batch size must be > 0, got " + expectedBatchSize);
        }
        this.clipNorm = clipNorm;
        this.noiseMultiplier = noiseMultiplier;
        this.expectedBatchSize = expectedBatchSize;
        this.noise = noise;
    }

    public double clipNorm() {
        return clipNorm;
    }

    public double noiseMultiplier() {
        return noiseMultiplier;
    }

    /** A zero sum shaped like {@code parameters}, to {@link #addClipped} into. */
    public static List<NDArray> zeroSum(List<NDArray> parameters, NDManager scope) {
        List<NDArray> sum = new ArrayList<>(parameters.size());
        for (NDArray parameter : parameters) {
            sum.add(scope.zeros(parameter.getShape()));
        }
        return sum;
    }

    /**
     * Adds every example's gradient, scaled by min(1, C / ‖g_i‖), to {@code sum} in place.
     *
     * @param perExample one array {@code [batch, ...]} per parameter
     * @return the examples' norms before clipping
     */
    public double[] addClipped(List<NDArray> perExample, List<NDArray> sum) {
        int batch = Math.toIntExact(perExample.get(0).getShape().get(0));
        NDManager scope = sum.get(0).getManager();
        double[] squares = new double[batch];
        for (NDArray gradient : perExample) {
            float[] rows = gradient.square().reshape(batch, -1).sum(new int[] {1}).toFloatArray();
            for (int i = 0; i < batch; i++) {
                squares[i] += rows[i];
            }
        }
        double[] norms = new double[batch];
        float[] factors = new float[batch];
        for (int i = 0; i < batch; i++) {
            norms[i] = Math.sqrt(squares[i]);
            if (!Double.isFinite(norms[i])) {
                // clipping cannot bound a NaN; failing (and charging the step) is the only safe answer
                throw new IllegalStateException("a per-example gradient is not finite; lower the learning rate");
            }
            factors[i] = (float) (clipNorm / Math.max(norms[i], clipNorm));
        }
        for (int p = 0; p < perExample.size(); p++) {
            NDArray gradient = perExample.get(p);
            long[] broadcast = new long[gradient.getShape().dimension()];
            Arrays.fill(broadcast, 1);
            broadcast[0] = batch;
            NDArray scale = NativeArrays.of(scope, factors, new Shape(broadcast));
            sum.get(p).addi(gradient.mul(scale).sum(new int[] {0}));
        }
        return norms;
    }

    /** (sum + N(0, σ²C²)) / qN, per coordinate; the noise is drawn in Java from the {@link NoiseSource}. */
    public List<NDArray> privatize(List<NDArray> clippedSum) {
        List<NDArray> out = new ArrayList<>(clippedSum.size());
        double standardDeviation = noiseMultiplier * clipNorm;
        for (NDArray sum : clippedSum) {
            NDManager scope = sum.getManager();
            float[] draws = noise.gaussian(Math.toIntExact(sum.size()), standardDeviation);
            NDArray noisy = sum.add(NativeArrays.of(scope, draws, sum.getShape()));
            out.add(noisy.divi(NativeArrays.scalar(scope, (float) expectedBatchSize)));
        }
        return out;
    }
}
