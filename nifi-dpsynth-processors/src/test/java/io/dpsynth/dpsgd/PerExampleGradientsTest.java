package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.model.NativeArrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batched pass with per-example leaves gives each example's own gradient, padding and all. */
class PerExampleGradientsTest {

    private static final double TOLERANCE = 1e-6;

    private static NDManager manager;
    private static Gpt2Model model;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
        model = TinyModels.model(manager, 5, 1);
    }

    @AfterAll
    static void stop() {
        model.weights().close();
        manager.close();
    }

    @Test
    void promptGradientsFromOneBatchedPassEqualSingleExamplePasses() {
        try (PromptTuner tuner = PromptTuner.initialize(model, 4, 9)) {
            assertPerExampleExact(tuner);
        }
    }

    @Test
    void loraGradientsFromOneBatchedPassEqualSingleExamplePasses() {
        try (LoraTuner tuner = LoraTuner.initialize(model, 2, 4, 9)) {
            // B starts at zero (so A's gradient would be zero): give it values to test both
            SplittableRandom random = new SplittableRandom(1);
            for (int p = 1; p < tuner.parameters().size(); p += 2) {
                NDArray b = tuner.parameters().get(p);
                float[] values = new float[Math.toIntExact(b.size())];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextGaussian() * 0.1);
                }
                b.addi(NativeArrays.of(b.getManager(), values, b.getShape()));
            }
            assertPerExampleExact(tuner);
        }
    }

    private static void assertPerExampleExact(Tuner tuner) {
        List<PrefixLmExample> examples = TinyModels.planted(5); // lengths 6..10: the batch is padded
        try (NDManager scope = manager.newSubManager()) {
            PerExampleGradients batched = PerExampleGradients.compute(model, tuner, PrefixLmBatch.of(examples, scope), scope);
            double smallestOtherDifference = Double.MAX_VALUE;
            for (int i = 0; i < examples.size(); i++) {
                PerExampleGradients single = PerExampleGradients.compute(model, tuner,
                        PrefixLmBatch.of(List.of(examples.get(i)), scope), scope);
                assertEquals(single.losses()[0], batched.losses()[i], 1e-6, "loss of example " + i);
                double difference = 0;
                for (int p = 0; p < tuner.parameters().size(); p++) {
                    difference = Math.max(difference, maxAbsDifference(batched.gradients().get(p).get(i),
                            single.gradients().get(p).get(0)));
                    assertEquals(new Shape(examples.size()).addAll(tuner.parameters().get(p).getShape()),
                            batched.gradients().get(p).getShape());
                }
                assertTrue(difference <= TOLERANCE, "example " + i + ": max abs difference " + difference);
                int other = (i + 1) % examples.size();
                for (int p = 0; p < tuner.parameters().size(); p++) {
                    smallestOtherDifference = Math.min(smallestOtherDifference,
                            maxAbsDifference(batched.gradients().get(p).get(other), single.gradients().get(p).get(0)));
                }
            }
            // the comparison can fail: another example's gradient is far from this one's
            assertTrue(smallestOtherDifference > 1e3 * TOLERANCE,
                    "gradients of different examples are too similar to tell apart: " + smallestOtherDifference);
        }
    }

    private static double maxAbsDifference(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }
}
