package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dpsynth.model.NativeArrays;
import io.dpsynth.tokenizer.TextTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrefixLmTest {

    private static final Path TOKENIZER = Path.of("../models/dpsynth-gpt2-small/tokenizer.json");
    private static final int VOCABULARY = 64;

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
    void changingOnlyPrefixTargetsDoesNotChangeTheLoss() {
        long[] tokens = {5, 6, 7, 8, 20, 21, 22, 63};
        PrefixLmExample original = new PrefixLmExample(tokens, 4, false);
        long[] otherPrefix = tokens.clone();
        otherPrefix[1] = 40;
        otherPrefix[2] = 41;
        otherPrefix[3] = 42; // the targets of positions 0..2 are prefix tokens
        long[] otherText = tokens.clone();
        otherText[5] = 40;
        try (NDManager scope = manager.newSubManager()) {
            NDArray logits = randomLogits(scope, 2, tokens.length - 1, 3);
            float[] base = loss(scope, logits, original, new PrefixLmExample(tokens, 4, false));
            float[] prefixChanged = loss(scope, logits, new PrefixLmExample(otherPrefix, 4, false), original);
            float[] textChanged = loss(scope, logits, new PrefixLmExample(otherText, 4, false), original);
            assertEquals(base[0], prefixChanged[0], 0f, "a prefix target changed the loss");
            assertNotEquals(base[0], textChanged[0], "a text target must change the loss");
        }
    }

    @Test
    void weightsCoverTextAndEndOfTextOnlyAndLossIsThePerExampleMeanOverThem() {
        List<PrefixLmExample> examples = List.of(new PrefixLmExample(new long[] {1, 2, 30, 31, 63}, 2, false),
                new PrefixLmExample(new long[] {1, 2, 30}, 2, true));
        try (NDManager scope = manager.newSubManager()) {
            PrefixLmBatch batch = PrefixLmBatch.of(examples, scope);
            assertArrayEquals(new float[] {0, 1, 1, 1, 0, 1, 0, 0}, batch.weights().toFloatArray());
            assertArrayEquals(new long[] {2, 30, 31, 63, 2, 30, 0, 0}, batch.targets().toLongArray());
            NDArray logits = randomLogits(scope, 2, 4, 8);
            float[] losses = batch.perExampleLoss(logits, 0).toFloatArray();
            float[] logSoftmax = logits.logSoftmax(-1).toFloatArray();
            double first = -(logSoftmax[1 * VOCABULARY + 30] + logSoftmax[2 * VOCABULARY + 31] + logSoftmax[3 * VOCABULARY + 63]) / 3;
            double second = -logSoftmax[(4 + 1) * VOCABULARY + 30];
            assertEquals(first, losses[0], 1e-5);
            assertEquals(second, losses[1], 1e-5);
            // the sum over every weighted target, for a per-token mean across examples (perplexity)
            assertEquals(4, batch.weightedTargets());
            assertEquals(3 * first + second, batch.summedLoss(logits, 0).getFloat(), 1e-4);
        }
    }

    @Test
    void softPromptPositionsAreSkipped() {
        List<PrefixLmExample> examples = List.of(new PrefixLmExample(new long[] {1, 2, 30, 63}, 2, false));
        try (NDManager scope = manager.newSubManager()) {
            PrefixLmBatch batch = PrefixLmBatch.of(examples, scope);
            NDArray tokenLogits = randomLogits(scope, 1, 3, 4);
            NDArray withPrompt = randomLogits(scope, 1, 2, 5).concat(tokenLogits, 1);
            assertArrayEquals(batch.perExampleLoss(tokenLogits, 0).toFloatArray(),
                    batch.perExampleLoss(withPrompt, 2).toFloatArray(), 0f);
        }
    }

    @Test
    void encoderBuildsPrefixTextEndOfTextAndTruncatesExplicitly() throws IOException {
        try (TextTokenizer tokenizer = TextTokenizer.load(TOKENIZER)) {
            PrefixLmEncoder encoder = new PrefixLmEncoder(tokenizer, PrefixLmEncoder.DEFAULT_TEMPLATE, 64);
            long[] prefix = tokenizer.encode("[ham] ");
            long[] text = tokenizer.encode("Meeting moved to Tuesday.");
            PrefixLmExample example = encoder.encode("ham", "Meeting moved to Tuesday.");
            assertEquals(prefix.length, example.prefixLength());
            assertArrayEquals(prefix, Arrays.copyOf(example.tokens(), prefix.length));
            assertArrayEquals(text, Arrays.copyOfRange(example.tokens(), prefix.length, prefix.length + text.length));
            assertEquals(tokenizer.endOfTextId(), example.tokens()[example.tokens().length - 1]);
            assertFalse(example.truncated());

            PrefixLmEncoder short_ = new PrefixLmEncoder(tokenizer, PrefixLmEncoder.DEFAULT_TEMPLATE, prefix.length + 2);
            PrefixLmExample cut = short_.encode("ham", "Meeting moved to Tuesday.");
            assertTrue(cut.truncated());
            assertEquals(prefix.length + 2, cut.tokens().length);
            assertArrayEquals(Arrays.copyOf(text, 2), Arrays.copyOfRange(cut.tokens(), prefix.length, prefix.length + 2));

            PrefixLmEncoder tooShort = new PrefixLmEncoder(tokenizer, PrefixLmEncoder.DEFAULT_TEMPLATE, prefix.length);
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> tooShort.encode("ham", "secret words"));
            assertFalse(error.getMessage().contains("secret"));
        }
    }

    private static float[] loss(NDManager scope, NDArray logits, PrefixLmExample first, PrefixLmExample second) {
        return PrefixLmBatch.of(List.of(first, second), scope).perExampleLoss(logits, 0).toFloatArray();
    }

    private static NDArray randomLogits(NDManager scope, int batch, int positions, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[batch * positions * VOCABULARY];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian() * 2;
        }
        return NativeArrays.of(scope, values, new Shape(batch, positions, VOCABULARY));
    }
}
