package io.dpsynth.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Gpt2ModelTest {

    private static final Gpt2Config CONFIG = TinyGpt2.CONFIG;
    private static final long[] SEQUENCE_A = {5, 17, 3, 42, 63, 0, 9};
    private static final long[] SEQUENCE_B = {60, 1, 2, 33, 33, 12, 50};
    private static final double TOLERANCE = 1e-4;

    private static NDManager manager;

    @TempDir
    Path directory;

    @BeforeAll
    static void startEngine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stopEngine() {
        manager.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "transformer."})
    void handWrittenCheckpointReproducesScalarReference(String namePrefix) throws IOException {
        Map<String, float[]> tensors = TinyGpt2.randomTensors(CONFIG, 1);
        TinyGpt2.write(directory, CONFIG, tensors, "F32", namePrefix);
        try (Gpt2Weights weights = Gpt2Weights.load(directory, manager); NDManager scope = manager.newSubManager()) {
            NDArray logits = new Gpt2Model(weights).forward(ForwardInput.of(scope.create(new long[][] {SEQUENCE_A, SEQUENCE_B})));
            assertEquals(new Shape(2, SEQUENCE_A.length, CONFIG.vocabularySize()), logits.getShape());
            assertClose(TinyGpt2.referenceLogits(CONFIG, tensors, null, SEQUENCE_A), logits.get(0).toFloatArray());
            assertClose(TinyGpt2.referenceLogits(CONFIG, tensors, null, SEQUENCE_B), logits.get(1).toFloatArray());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"F16", "BF16"})
    void halfPrecisionCheckpointIsUpcastExactly(String dtype) throws IOException {
        Map<String, float[]> tensors = TinyGpt2.randomTensors(CONFIG, 2);
        TinyGpt2.roundTo(dtype, tensors);
        TinyGpt2.write(directory, CONFIG, tensors, dtype, "");
        try (Gpt2Weights weights = Gpt2Weights.load(directory, manager); NDManager scope = manager.newSubManager()) {
            for (Map.Entry<String, float[]> entry : tensors.entrySet()) {
                assertArrayEquals(entry.getValue(), weights.get(entry.getKey()).toFloatArray(), 0f, entry.getKey());
            }
            NDArray logits = new Gpt2Model(weights).forward(ForwardInput.of(scope.create(new long[][] {SEQUENCE_A})));
            assertClose(TinyGpt2.referenceLogits(CONFIG, tensors, null, SEQUENCE_A), logits.get(0).toFloatArray());
        }
    }

    @Test
    void saveAndLoadRoundTripIsExact() throws IOException {
        try (Gpt2Weights original = Gpt2Weights.initialize(CONFIG, manager, 7)) {
            original.save(directory);
            try (Gpt2Weights loaded = Gpt2Weights.load(directory, manager)) {
                assertEquals(original.config(), loaded.config());
                assertEquals(original.tensors().keySet(), loaded.tensors().keySet());
                for (String name : original.tensors().keySet()) {
                    assertArrayEquals(original.get(name).toFloatArray(), loaded.get(name).toFloatArray(), 0f, name);
                }
            }
        }
    }

    @Test
    void softPromptEqualToTokenEmbeddingsGivesTheLogitsOfPrependedTokens() throws IOException {
        Map<String, float[]> tensors = TinyGpt2.randomTensors(CONFIG, 3);
        TinyGpt2.write(directory, CONFIG, tensors, "F32", "");
        try (Gpt2Weights weights = Gpt2Weights.load(directory, manager); NDManager scope = manager.newSubManager()) {
            Gpt2Model model = new Gpt2Model(weights);
            long[] promptTokens = {11, 22, 33};
            NDArray prefix = model.embedTokens(scope.create(new long[][] {promptTokens}));
            NDArray withPrefix = model.forward(ForwardInput.of(scope.create(new long[][] {SEQUENCE_A})).withPrefix(prefix));
            NDArray prepended = model.forward(ForwardInput.of(scope.create(new long[][] {concat(promptTokens, SEQUENCE_A)})));
            assertArrayEquals(prepended.toFloatArray(), withPrefix.toFloatArray(), 1e-5f);

            double[][] arbitraryPrefix = {{0.5, -0.5}, {1, 2}};
            double[][] fullPrefix = new double[2][CONFIG.embeddingSize()];
            float[] flat = new float[2 * CONFIG.embeddingSize()];
            for (int t = 0; t < 2; t++) {
                for (int j = 0; j < CONFIG.embeddingSize(); j++) {
                    fullPrefix[t][j] = arbitraryPrefix[t][j % 2] * Math.sin(j + t);
                    flat[t * CONFIG.embeddingSize() + j] = (float) fullPrefix[t][j];
                }
            }
            NDArray softPrompt = scope.create(flat, new Shape(1, 2, CONFIG.embeddingSize()));
            NDArray logits = model.forward(ForwardInput.of(scope.create(new long[][] {SEQUENCE_A})).withPrefix(softPrompt));
            assertClose(TinyGpt2.referenceLogits(CONFIG, tensors, fullPrefix, SEQUENCE_A), logits.get(0).toFloatArray());
        }
    }

    @Test
    void loraWithZeroBLeavesLogitsUnchangedAndOtherwiseEqualsMergedWeights() throws IOException {
        Map<String, float[]> tensors = TinyGpt2.randomTensors(CONFIG, 4);
        TinyGpt2.write(directory, CONFIG, tensors, "F32", "");
        int d = CONFIG.embeddingSize();
        int rank = 2;
        float scale = 0.5f;
        try (Gpt2Weights weights = Gpt2Weights.load(directory, manager); NDManager scope = manager.newSubManager()) {
            Gpt2Model model = new Gpt2Model(weights);
            ForwardInput plain = ForwardInput.of(scope.create(new long[][] {SEQUENCE_A}));
            float[] base = model.forward(plain).toFloatArray();

            NDArray a = scope.randomNormal(new Shape(d, rank));
            NDArray zeroB = scope.zeros(new Shape(rank, 3 * d));
            LoraAdapters zero = LoraAdapters.none().with(1, LoraAdapters.Target.ATTENTION_QKV, new LoraAdapters.Delta(a, zeroB, scale));
            assertArrayEquals(base, model.forward(plain.withLora(zero)).toFloatArray(), 0f);

            NDArray b = scope.randomNormal(new Shape(rank, 3 * d));
            NDArray aOut = scope.randomNormal(new Shape(d, rank));
            NDArray bOut = scope.randomNormal(new Shape(rank, d));
            LoraAdapters lora = LoraAdapters.none()
                    .with(1, LoraAdapters.Target.ATTENTION_QKV, new LoraAdapters.Delta(a, b, scale))
                    .with(0, LoraAdapters.Target.ATTENTION_OUTPUT, new LoraAdapters.Delta(aOut, bOut, scale));
            float[] adapted = model.forward(plain.withLora(lora)).toFloatArray();

            tensors.put("h.1.attn.c_attn.weight", plus(tensors.get("h.1.attn.c_attn.weight"), a.matMul(b).mul(scale).toFloatArray()));
            tensors.put("h.0.attn.c_proj.weight", plus(tensors.get("h.0.attn.c_proj.weight"), aOut.matMul(bOut).mul(scale).toFloatArray()));
            assertClose(TinyGpt2.referenceLogits(CONFIG, tensors, null, SEQUENCE_A), adapted);
        }
    }

    @Test
    void aPassWithItsOwnWeightsRunsThoseWeightsAlsoStepByStepWithACache() throws IOException {
        Map<String, float[]> own = TinyGpt2.randomTensors(CONFIG, 4);
        Map<String, float[]> other = TinyGpt2.randomTensors(CONFIG, 8);
        Path otherDirectory = directory.resolve("other");
        TinyGpt2.write(directory, CONFIG, own, "F32", "");
        TinyGpt2.write(java.nio.file.Files.createDirectories(otherDirectory), CONFIG, other, "F32", "");
        try (Gpt2Weights weights = Gpt2Weights.load(directory, manager); Gpt2Weights tuned = Gpt2Weights.load(otherDirectory, manager);
             NDManager scope = manager.newSubManager(); KvCache cache = new KvCache(scope, CONFIG.layers(), SEQUENCE_A.length)) {
            Gpt2Model model = new Gpt2Model(weights);
            double[][] reference = TinyGpt2.referenceLogits(CONFIG, other, null, SEQUENCE_A);
            assertClose(reference, model.forward(ForwardInput.of(scope.create(new long[][] {SEQUENCE_A})).withWeights(tuned)).toFloatArray());
            // generation's path: a prompt, then one token per step, hidden states and the head taken separately
            int prompt = 4;
            int vocabulary = CONFIG.vocabularySize();
            for (int from = 0; from < SEQUENCE_A.length; from = from == 0 ? prompt : from + 1) {
                long[] fresh = java.util.Arrays.copyOfRange(SEQUENCE_A, from, from == 0 ? prompt : from + 1);
                ForwardInput input = ForwardInput.of(scope.create(new long[][] {fresh})).withCache(cache).withWeights(tuned);
                float[] logits = model.logits(input, model.hiddenStates(input)).toFloatArray();
                assertClose(java.util.Arrays.copyOfRange(reference, from, from + fresh.length), logits);
                assertEquals(fresh.length * vocabulary, logits.length);
            }
            assertClose(TinyGpt2.referenceLogits(CONFIG, own, null, SEQUENCE_A),
                    model.forward(ForwardInput.of(scope.create(new long[][] {SEQUENCE_A}))).toFloatArray());
        }
    }

    @Test
    void perExampleLoraAdaptersActOnTheirOwnRow() throws IOException {
        TinyGpt2.write(directory, CONFIG, TinyGpt2.randomTensors(CONFIG, 6), "F32", "");
        int d = CONFIG.embeddingSize();
        try (Gpt2Weights weights = Gpt2Weights.load(directory, manager); NDManager scope = manager.newSubManager()) {
            Gpt2Model model = new Gpt2Model(weights);
            NDArray a = scope.randomNormal(new Shape(2, d, 2));
            NDArray b = scope.randomNormal(new Shape(2, 2, 3 * d));
            LoraAdapters perExample = LoraAdapters.none().with(0, LoraAdapters.Target.ATTENTION_QKV, new LoraAdapters.Delta(a, b, 0.5f));
            NDArray both = model.forward(ForwardInput.of(scope.create(new long[][] {SEQUENCE_A, SEQUENCE_A})).withLora(perExample));
            for (int row = 0; row < 2; row++) {
                LoraAdapters shared = LoraAdapters.none().with(0, LoraAdapters.Target.ATTENTION_QKV,
                        new LoraAdapters.Delta(a.get(row), b.get(row), 0.5f));
                NDArray alone = model.forward(ForwardInput.of(scope.create(new long[][] {SEQUENCE_A})).withLora(shared));
                assertArrayEquals(alone.toFloatArray(), both.get(row).toFloatArray(), 1e-5f, "row " + row);
            }
            assertTrue(Math.abs(both.get(0).sub(both.get(1)).abs().max().getFloat()) > 1e-3, "rows must differ");
        }
    }

    @Test
    void leftPaddingWithKeyMaskAndPositionsMatchesUnpaddedRow() throws IOException {
        Map<String, float[]> tensors = TinyGpt2.randomTensors(CONFIG, 5);
        TinyGpt2.write(directory, CONFIG, tensors, "F32", "");
        long[] shortRow = {7, 8, 9};
        long[] padded = {63, 63, 63, 63, 7, 8, 9};
        boolean[][] mask = {{true, true, true, true, true, true, true}, {false, false, false, false, true, true, true}};
        long[][] positions = {{0, 1, 2, 3, 4, 5, 6}, {0, 0, 0, 0, 0, 1, 2}};
        try (Gpt2Weights weights = Gpt2Weights.load(directory, manager); NDManager scope = manager.newSubManager()) {
            NDArray logits = new Gpt2Model(weights).forward(ForwardInput.of(scope.create(new long[][] {SEQUENCE_A, padded}))
                    .withKeyMask(mask).withPositions(positions));
            assertClose(TinyGpt2.referenceLogits(CONFIG, tensors, null, SEQUENCE_A), logits.get(0).toFloatArray());
            double[][] reference = TinyGpt2.referenceLogits(CONFIG, tensors, null, shortRow);
            float[] row = logits.get(1).toFloatArray();
            float[] lastThree = java.util.Arrays.copyOfRange(row, 4 * CONFIG.vocabularySize(), row.length);
            assertClose(reference, lastThree);
        }
    }

    static void assertClose(double[][] expected, float[] actual) {
        int width = expected[0].length;
        assertEquals(expected.length * width, actual.length, "logit count");
        double worst = 0;
        for (int t = 0; t < expected.length; t++) {
            for (int v = 0; v < width; v++) {
                worst = Math.max(worst, Math.abs(expected[t][v] - actual[t * width + v]));
            }
        }
        assertTrue(worst < TOLERANCE, "max abs logit difference " + worst);
    }

    private static long[] concat(long[] first, long[] second) {
        long[] joined = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    private static float[] plus(float[] x, float[] delta) {
        float[] sum = x.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += delta[i];
        }
        return sum;
    }
}
