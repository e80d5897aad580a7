package io.dpsynth.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NextTokenLossTest {

    @Test
    void matchesLogSoftmaxByHandAndMasksPositions() {
        float[] logits = {1, 2, 3, 0, 0, 0, 2, 0, -1, 5, 5, 5};
        long[][] targets = {{2, 0}, {0, 1}};
        double[] expected = new double[4];
        for (int position = 0; position < 4; position++) {
            double z = 0;
            for (int v = 0; v < 3; v++) {
                z += Math.exp(logits[position * 3 + v]);
            }
            expected[position] = Math.log(z) - logits[position * 3 + (int) targets[position / 2][position % 2]];
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logitArray = manager.create(logits, new Shape(2, 2, 3));
            NDArray targetArray = manager.create(targets);
            assertEquals((expected[0] + expected[1] + expected[2] + expected[3]) / 4,
                    NextTokenLoss.mean(logitArray, targetArray).getFloat(), 1e-6);
            NDArray mask = manager.create(new float[][] {{1, 0}, {1, 1}});
            assertArrayEquals(new float[] {(float) expected[0], (float) ((expected[2] + expected[3]) / 2)},
                    NextTokenLoss.perExample(logitArray, targetArray, mask).toFloatArray(), 1e-6f);
        }
    }
}
