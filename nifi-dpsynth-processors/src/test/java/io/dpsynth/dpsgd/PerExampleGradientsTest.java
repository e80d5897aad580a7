package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.dpsynth.model.ForwardInput;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.model.NativeArrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-example gradients, from the batched pass with per-example leaves (prompt, LoRA) or from one pass per example
 * (full fine-tuning), equal each example's plain backward, padding and all; and clipping bounds one example's part.
 */
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

    static Stream<Arguments> tuners() {
        return Stream.of(
                Arguments.of(Named.of("prompt tuning", (Function<Gpt2Model, Tuner>) m -> PromptTuner.initialize(m, 4, 9))),
                Arguments.of(Named.of("LoRA", (Function<Gpt2Model, Tuner>) PerExampleGradientsTest::loraWithNonZeroB)),
                Arguments.of(Named.of("full fine-tuning", (Function<Gpt2Model, Tuner>) FullFineTuner::initialize)));
    }

    @ParameterizedTest
    @MethodSource("tuners")
    void perExampleGradientsEqualPlainSingleExampleBackward(Function<Gpt2Model, Tuner> tuners) {
        List<PrefixLmExample> examples = TinyModels.planted(5); // lengths 6..10: the batch is padded
        try (Tuner tuner = tuners.apply(model); NDManager scope = manager.newSubManager()) {
            PerExampleGradients perExample = PerExampleGradients.compute(model, tuner, PrefixLmBatch.of(examples, scope), scope);
            double smallestOtherDifference = Double.MAX_VALUE;
            for (int i = 0; i < examples.size(); i++) {
                PerExampleGradients single = plainBackward(tuner, examples.get(i), scope);
                assertEquals(single.losses()[0], perExample.losses()[i], 1e-6, "loss of example " + i);
                double difference = 0;
                for (int p = 0; p < tuner.parameters().size(); p++) {
                    difference = Math.max(difference, maxAbsDifference(perExample.gradients().get(p).get(i),
                            single.gradients().get(p)));
                    assertEquals(new Shape(examples.size()).addAll(tuner.parameters().get(p).getShape()),
                            perExample.gradients().get(p).getShape());
                }
                assertTrue(difference <= TOLERANCE, "example " + i + ": max abs difference " + difference);
                int other = (i + 1) % examples.size();
                for (int p = 0; p < tuner.parameters().size(); p++) {
                    smallestOtherDifference = Math.min(smallestOtherDifference,
                            maxAbsDifference(perExample.gradients().get(p).get(other), single.gradients().get(p)));
                }
            }
            // the comparison can fail: another example's gradient is far from this one's
            assertTrue(smallestOtherDifference > 1e3 * TOLERANCE,
                    "gradients of different examples are too similar to tell apart: " + smallestOtherDifference);
        }
    }

    @ParameterizedTest
    @MethodSource("tuners")
    void anExampleScaledThousandfoldMovesTheUpdateByAtMostClipOverExpectedBatch(Function<Gpt2Model, Tuner> tuners) {
        double clip = 0.5;
        double expectedBatch = 4;
        List<PrefixLmExample> examples = TinyModels.planted(5);
        try (Tuner tuner = tuners.apply(model); NDManager scope = manager.newSubManager()) {
            List<NDArray> gradients = PerExampleGradients.compute(model, tuner, PrefixLmBatch.of(examples, scope), scope).gradients();
            // example 2 with its loss (so its gradient) scaled x1000, against the batch without it; the same noise
            float[] scaledRow = new float[examples.size()];
            Arrays.fill(scaledRow, 1);
            scaledRow[2] = 1000;
            float[] withoutRow = scaledRow.clone();
            withoutRow[2] = 0; // a zero gradient adds nothing to the clipped sum: the example is absent
            float[] with = privatized(tuner, rowsScaled(gradients, scaledRow, scope), clip, expectedBatch, scope);
            float[] without = privatized(tuner, rowsScaled(gradients, withoutRow, scope), clip, expectedBatch, scope);
            double moved = 0;
            for (int i = 0; i < with.length; i++) {
                moved += (with[i] - without[i]) * (double) (with[i] - without[i]);
            }
            moved = Math.sqrt(moved);
            double bound = clip / expectedBatch; // times the learning rate for an SGD update
            assertTrue(moved <= bound * (1 + 1e-4), "the scaled example moved the gradient by " + moved + " > " + bound);
            assertTrue(moved >= bound * 0.999, "a huge example is clipped to exactly C, moved " + moved);
        }
    }

    private static List<NDArray> rowsScaled(List<NDArray> gradients, float[] factors, NDManager scope) {
        List<NDArray> scaled = new ArrayList<>();
        for (NDArray gradient : gradients) {
            long[] broadcast = new long[gradient.getShape().dimension()];
            Arrays.fill(broadcast, 1);
            broadcast[0] = factors.length;
            scaled.add(gradient.mul(NativeArrays.of(scope, factors, new Shape(broadcast))));
        }
        return scaled;
    }

    /** Clipped sum plus seeded noise over qN, all tensors flattened into one vector. */
    private static float[] privatized(Tuner tuner, List<NDArray> perExample, double clip, double expectedBatch, NDManager scope) {
        DpSgdOptimizer optimizer = new DpSgdOptimizer(clip, 1.0, expectedBatch, new NoiseSource(NoiseMode.SEEDED, 7));
        List<NDArray> sum = DpSgdOptimizer.zeroSum(tuner.parameters(), scope);
        optimizer.addClipped(perExample, sum);
        List<NDArray> noisy = optimizer.privatize(sum);
        float[][] parts = new float[noisy.size()][];
        int length = 0;
        for (int p = 0; p < parts.length; p++) {
            parts[p] = noisy.get(p).toFloatArray();
            length += parts[p].length;
        }
        float[] flat = new float[length];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, flat, at, part.length);
            at += part.length;
        }
        return flat;
    }

    /** One example alone, the tuner's shared tensors made trainable for one ordinary backward. */
    private static PerExampleGradients plainBackward(Tuner tuner, PrefixLmExample example, NDManager scope) {
        PrefixLmBatch batch = PrefixLmBatch.of(List.of(example), scope);
        tuner.parameters().forEach(p -> p.setRequiresGradient(true));
        try {
            float loss;
            try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
                NDArray logits = model.forward(tuner.withShared(ForwardInput.of(batch.inputs()), 1));
                NDArray losses = batch.perExampleLoss(logits, tuner.virtualTokens());
                collector.backward(losses.sum());
                loss = losses.getFloat(0);
            }
            List<NDArray> gradients = new ArrayList<>();
            for (NDArray parameter : tuner.parameters()) {
                NDArray gradient = parameter.getGradient();
                NDArray copy = gradient.duplicate();
                copy.attach(scope);
                gradients.add(copy);
                gradient.subi(gradient); // PyTorch accumulates into .grad across backward passes
            }
            return new PerExampleGradients(gradients, new float[] {loss});
        } finally {
            tuner.parameters().forEach(p -> p.setRequiresGradient(false));
        }
    }

    /** LoRA whose B is not zero: at B = 0 the gradient of A would be zero and its comparison empty. */
    private static Tuner loraWithNonZeroB(Gpt2Model m) {
        LoraTuner tuner = LoraTuner.initialize(m, 2, 4, 9);
        SplittableRandom random = new SplittableRandom(1);
        for (int p = 1; p < tuner.parameters().size(); p += 2) {
            NDArray b = tuner.parameters().get(p);
            float[] values = new float[Math.toIntExact(b.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * 0.1);
            }
            b.addi(NativeArrays.of(b.getManager(), values, b.getShape()));
        }
        return tuner;
    }

    private static double maxAbsDifference(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }
}
