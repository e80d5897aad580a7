package io.dpsynth.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratorTest {

    private static final List<long[]> PROMPTS = List.of(new long[] {5, 17, 3, 42}, new long[] {9}, new long[] {60, 1, 2, 33, 12, 50});

    private static NDManager manager;
    private static Map<String, float[]> tensors;
    private static Gpt2Weights weights;
    private static Generator generator;

    @BeforeAll
    static void loadModel(@TempDir Path directory) throws IOException {
        manager = NDManager.newBaseManager();
        tensors = TinyGpt2.randomTensors(TinyGpt2.CONFIG, 11);
        TinyGpt2.write(directory, TinyGpt2.CONFIG, tensors, "F32", "");
        weights = Gpt2Weights.load(directory, manager);
        generator = new Generator(new Gpt2Model(weights));
    }

    @AfterAll
    static void close() {
        weights.close();
        manager.close();
    }

    @Test
    void cachedGreedyGenerationEqualsUncached() {
        GenerationSettings greedy = GenerationSettings.greedy(20);
        List<long[]> cached = generator.generate(PROMPTS, null, greedy);
        List<long[]> uncached = generator.generate(PROMPTS, null, greedy.withCache(false));
        assertSameTokens(uncached, cached);
        assertTrue(cached.stream().mapToInt(row -> row.length).sum() > 10, "too few tokens to compare");
    }

    @Test
    void leftPaddedBatchGeneratesWhatEachRowGeneratesAlone() {
        GenerationSettings greedy = GenerationSettings.greedy(12);
        List<long[]> batched = generator.generate(PROMPTS, null, greedy);
        for (int i = 0; i < PROMPTS.size(); i++) {
            assertArrayEquals(generator.generate(List.of(PROMPTS.get(i)), null, greedy).get(0), batched.get(i), "row " + i);
        }
    }

    @Test
    void firstGreedyTokenIsTheArgMaxOfTheScalarReference() {
        long[] prompt = PROMPTS.get(0);
        double[][] reference = TinyGpt2.referenceLogits(TinyGpt2.CONFIG, tensors, null, prompt);
        double[] last = reference[prompt.length - 1];
        int best = 0;
        for (int v = 1; v < last.length; v++) {
            best = last[v] > last[best] ? v : best;
        }
        long[] generated = generator.generate(List.of(prompt), null, GenerationSettings.greedy(1)).get(0);
        assertEquals(best == TinyGpt2.CONFIG.eosTokenId() ? 0 : 1, generated.length);
        if (generated.length == 1) {
            assertEquals(best, generated[0]);
        }
    }

    @Test
    void sameSeedSameTokensDifferentSeedOtherTokens() {
        GenerationSettings sampling = new GenerationSettings(16, 1.0, 20, 0.95, 123, true);
        List<long[]> first = generator.generate(PROMPTS, null, sampling);
        List<long[]> again = generator.generate(PROMPTS, null, sampling);
        assertSameTokens(first, again);
        assertSameTokens(first, generator.generate(PROMPTS, null, sampling.withCache(false)));
        List<long[]> otherSeed = generator.generate(PROMPTS, null, new GenerationSettings(16, 1.0, 20, 0.95, 124, true));
        assertNotEquals(flatten(first), flatten(otherSeed));
    }

    @Test
    void softPromptOfTokenEmbeddingsGeneratesLikeThePrependedTokens() {
        long[] softTokens = {11, 22, 33};
        long[] prompt = {4, 5};
        GenerationSettings greedy = GenerationSettings.greedy(10);
        try (NDManager scope = manager.newSubManager()) {
            NDArray prefix = new Gpt2Model(weights).embedTokens(scope.create(new long[][] {softTokens}));
            long[] withPrefix = generator.generate(List.of(prompt), prefix, greedy).get(0);
            long[] prepended = generator.generate(List.of(new long[] {11, 22, 33, 4, 5}), null, greedy).get(0);
            assertArrayEquals(prepended, withPrefix);
        }
    }

    @Test
    void endOfTextStopsTheRow(@TempDir Path directory) throws IOException {
        long[] free = generator.generate(List.of(PROMPTS.get(0)), null, GenerationSettings.greedy(8)).get(0);
        assertTrue(free.length >= 4, "needs a few free tokens");
        long stopToken = free[3];
        int firstOccurrence = 0;
        while (free[firstOccurrence] != stopToken) {
            firstOccurrence++;
        }
        Gpt2Config config = TinyGpt2.CONFIG;
        Gpt2Config stopping = new Gpt2Config(config.vocabularySize(), config.maxPositions(), config.embeddingSize(),
                config.layers(), config.heads(), config.layerNormEpsilon(), stopToken, stopToken);
        TinyGpt2.write(directory, stopping, tensors, "F32", "");
        try (Gpt2Weights stopWeights = Gpt2Weights.load(directory, manager)) {
            long[] stopped = new Generator(new Gpt2Model(stopWeights)).generate(List.of(PROMPTS.get(0)), null,
                    GenerationSettings.greedy(8)).get(0);
            assertArrayEquals(Arrays.copyOf(free, firstOccurrence), stopped);
        }
    }

    @Test
    void generationLeavesNoArraysBehindOnTheModelManager() {
        int before = weights.manager().getManagedArrays().size();
        generator.generate(PROMPTS, null, GenerationSettings.greedy(6));
        generator.generate(PROMPTS, null, GenerationSettings.greedy(6).withCache(false));
        assertEquals(before, weights.manager().getManagedArrays().size());
    }

    @Test
    void rejectsRequestsLongerThanTheModel() {
        assertThrows(IllegalArgumentException.class,
                () -> generator.generate(PROMPTS, null, GenerationSettings.greedy(TinyGpt2.CONFIG.maxPositions())));
        assertThrows(IllegalArgumentException.class, () -> generator.generate(List.of(new long[0]), null, GenerationSettings.greedy(2)));
    }

    private static void assertSameTokens(List<long[]> expected, List<long[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "row " + i);
        }
    }

    private static List<Long> flatten(List<long[]> rows) {
        return rows.stream().flatMapToLong(Arrays::stream).boxed().toList();
    }
}
