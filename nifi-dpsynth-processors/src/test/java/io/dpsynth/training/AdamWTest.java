package io.dpsynth.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AdamWTest {

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
    void twoStepsMatchTheAdamWFormulas() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray matrix = scope.create(new float[][] {{1f, -2f}});
            NDArray vector = scope.create(new float[] {0.5f});
            List<NDArray> parameters = List.of(matrix, vector);
            parameters.forEach(p -> p.setRequiresGradient(true));
            double lr = 0.1;
            double decay = 0.01;
            double[] w = {1, -2, 0.5};
            double[] m = new double[3];
            double[] v = new double[3];
            try (AdamW adam = new AdamW(parameters, 0.9, 0.95, 1e-8, decay)) {
                for (int step = 1; step <= 2; step++) {
                    backwardOfSumOfSquares(parameters);
                    adam.step(lr);
                    for (int i = 0; i < 3; i++) {
                        double g = 2 * w[i];
                        m[i] = 0.9 * m[i] + 0.1 * g;
                        v[i] = 0.95 * v[i] + 0.05 * g * g;
                        double update = lr * (m[i] / (1 - Math.pow(0.9, step))) / (Math.sqrt(v[i] / (1 - Math.pow(0.95, step))) + 1e-8);
                        w[i] = (i < 2 ? w[i] * (1 - lr * decay) : w[i]) - update;
                    }
                    assertArrayEquals(new float[] {(float) w[0], (float) w[1]}, matrix.toFloatArray(), 1e-6f);
                    assertEquals((float) w[2], vector.getFloat(0), 1e-6f);
                    assertArrayEquals(new float[] {0f, 0f}, matrix.getGradient().toFloatArray(), "gradients are cleared");
                }
            }
        }
    }

    @Test
    void clippingScalesTheGlobalNorm() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray a = scope.create(new float[] {3f});
            NDArray b = scope.create(new float[] {4f});
            List<NDArray> parameters = List.of(a, b);
            parameters.forEach(p -> p.setRequiresGradient(true));
            try (AdamW adam = new AdamW(parameters, 0.9, 0.95, 1e-8, 0)) {
                backwardOfSumOfSquares(parameters); // gradients 6 and 8, norm 10
                assertEquals(10.0, adam.clipGradients(5.0), 1e-6);
                assertEquals(3f, a.getGradient().getFloat(0), 1e-6f);
                assertEquals(4f, b.getGradient().getFloat(0), 1e-6f);
                assertEquals(5.0, adam.clipGradients(5.0), 1e-6);
                assertEquals(3f, a.getGradient().getFloat(0), 1e-6f);
            }
        }
    }

    private static void backwardOfSumOfSquares(List<NDArray> parameters) {
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray total = null;
            for (NDArray p : parameters) {
                NDArray s = p.square().sum();
                total = total == null ? s : total.add(s);
            }
            collector.backward(total);
        }
    }
}
