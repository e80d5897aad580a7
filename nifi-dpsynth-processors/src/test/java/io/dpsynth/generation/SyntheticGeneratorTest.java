package io.dpsynth.generation;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import io.dpsynth.dpsgd.LoraTuner;
import io.dpsynth.dpsgd.PromptTuner;
import io.dpsynth.model.GenerationConditioning;
import io.dpsynth.model.GenerationSettings;
import io.dpsynth.model.Generator;
import io.dpsynth.model.LanguageModel;
import io.dpsynth.model.TinyModelDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticGeneratorTest {

    private static final List<long[]> PROMPTS = List.of(new long[] {91, 97, 93, 32}, new long[] {91, 98, 93, 32, 120, 120});

    private static LanguageModel language;

    @BeforeAll
    static void load(@TempDir Path directory) throws IOException {
        language = PlantedLabels.model(directory, 5, 1, 1); // GPT-2's initial scale: nearly uniform next-token distributions
    }

    @AfterAll
    static void close() {
        language.close();
    }

    @Test
    void sameSeedSameRecordsAndAnotherSeedOtherRecords() throws IOException {
        // batches of 10 rows: the rows sample on several threads
        List<SyntheticRecord> first = generate(language, GenerationConditioning.none(), 42, 20);
        List<SyntheticRecord> again = generate(language, GenerationConditioning.none(), 42, 20);
        List<SyntheticRecord> other = generate(language, GenerationConditioning.none(), 43, 20);
        assertEquals(first, again);
        assertNotEquals(first.stream().map(SyntheticRecord::text).toList(), other.stream().map(SyntheticRecord::text).toList());
    }

    @Test
    void recordsStreamBatchByBatchWithThePlannedLabelCountsInAMixedOrder() throws IOException {
        SyntheticGenerator generator = generator(GenerationConditioning.none());
        Map<String, Integer> counts = counts(7, 3);
        List<Integer> batchSizes = new ArrayList<>();
        List<SyntheticRecord> records = new ArrayList<>();
        GenerationSummary summary = generator.generate(counts, new GenerationSettings(6, 1, 0, 1, 9, true), 4, batch -> {
            batchSizes.add(batch.size());
            records.addAll(batch);
        }, () -> false);
        assertEquals(3, batchSizes.size(), "10 records in batches of 4: " + batchSizes);
        assertTrue(batchSizes.stream().allMatch(size -> size <= 4));
        assertEquals(10, summary.kept() + summary.dropped());
        assertEquals(summary.kept(), records.size());
        Map<String, Long> perLabel = new LinkedHashMap<>();
        records.forEach(r -> perLabel.merge(r.label(), 1L, Long::sum));
        assertEquals(summary.keptPerLabel().get("a").longValue(), perLabel.getOrDefault("a", 0L));
        List<String> order = records.stream().map(SyntheticRecord::label).toList();
        assertNotEquals(order.stream().sorted().toList(), order, "labels are shuffled, not in blocks");
        assertEquals(records.stream().mapToLong(SyntheticRecord::tokens).sum(), summary.tokens(), "no drops with these settings");
        assertTrue(records.stream().allMatch(r -> r.tokens() <= 6 && r.complete() == (r.tokens() < 6)));
    }

    @Test
    void cancellationStopsBetweenBatches() throws IOException {
        int[] batches = {0};
        GenerationSummary summary = generator(GenerationConditioning.none()).generate(counts(20, 20),
                new GenerationSettings(3, 1, 0, 1, 1, true), 5, batch -> batches[0]++, () -> batches[0] >= 2);
        assertEquals(2, batches[0]);
        assertEquals(10, summary.kept() + summary.dropped());
    }

    @Test
    void maxNewTokensIsLoweredToTheModelsPositions() throws IOException {
        GenerationSummary summary = generator(GenerationConditioning.none()).generate(counts(1, 1),
                new GenerationSettings(500, 1, 0, 1, 1, true), 2, batch -> { }, () -> false);
        assertEquals(PlantedLabels.CONFIG.maxPositions() - 4, summary.maxNewTokens(), "64 positions minus the 4-byte prefix '[a] '");
        SyntheticGenerator noRoom = new SyntheticGenerator(language.model(), language.tokenizer(), GenerationConditioning.none(),
                "<label>".repeat(70), 64);
        assertThrows(IllegalArgumentException.class, () -> noRoom.generate(counts(1, 1),
                new GenerationSettings(5, 1, 0, 1, 1, true), 2, batch -> { }, () -> false));
    }

    @Test
    void malformedGenerationsAreEmptyBlankOrThePrefixAgain() {
        assertTrue(SyntheticGenerator.malformed("", "[a]"));
        assertTrue(SyntheticGenerator.malformed(" \n\t", "[a]"));
        assertTrue(SyntheticGenerator.malformed(" [a] ", "[a]"));
        assertFalse(SyntheticGenerator.malformed("[a] more", "[a]"));
        assertFalse(SyntheticGenerator.malformed("x", "[a]"));
    }

    @Test
    void aSoftPromptConditionsTheFirstPassOnlyAndMatchesTheGeneratorWithThePrefix() {
        GenerationSettings greedy = GenerationSettings.greedy(12);
        Generator generator = new Generator(language.model());
        try (PromptTuner tuner = PromptTuner.initialize(language.model(), 3, 8)) {
            tuner.prompt().muli(30); // word embeddings at initial scale barely move the greedy choice
            List<long[]> viaTuner = generator.generate(tuner, PROMPTS, greedy);
            List<long[]> uncached = generator.generate(tuner, PROMPTS, greedy.withCache(false));
            NDArray prefix = tuner.prompt().expandDims(0).repeat(0, PROMPTS.size());
            List<long[]> viaPrefix = generator.generate(PROMPTS, prefix, greedy);
            List<long[]> base = generator.generate(PROMPTS, null, greedy);
            for (int i = 0; i < PROMPTS.size(); i++) {
                assertArrayEquals(viaPrefix.get(i), viaTuner.get(i));
                assertArrayEquals(uncached.get(i), viaTuner.get(i));
            }
            assertFalse(java.util.Arrays.equals(base.get(0), viaTuner.get(0)) && java.util.Arrays.equals(base.get(1), viaTuner.get(1)),
                    "the soft prompt changes what is generated");
        }
    }

    @Test
    void loraConditionsEveryPassSoCachedAndUncachedAgree() {
        GenerationSettings greedy = GenerationSettings.greedy(12);
        Generator generator = new Generator(language.model());
        try (LoraTuner tuner = LoraTuner.initialize(language.model(), 2, 4, 1)) {
            tuner.parameters().forEach(p -> p.addi(0.5f)); // B starts at zero: make the adapter do something
            List<long[]> cached = generator.generate(tuner, PROMPTS, greedy);
            List<long[]> uncached = generator.generate(tuner, PROMPTS, greedy.withCache(false));
            List<long[]> base = generator.generate(PROMPTS, null, greedy);
            for (int i = 0; i < PROMPTS.size(); i++) {
                assertArrayEquals(uncached.get(i), cached.get(i), "row " + i);
            }
            assertFalse(java.util.Arrays.equals(base.get(0), cached.get(0)) && java.util.Arrays.equals(base.get(1), cached.get(1)),
                    "the adapter changes what is generated");
        }
    }

    private static List<SyntheticRecord> generate(LanguageModel model, GenerationConditioning conditioning, long seed, int count)
            throws IOException {
        List<SyntheticRecord> records = new ArrayList<>();
        new SyntheticGenerator(model.model(), model.tokenizer(), conditioning, PlantedLabels.TEMPLATE, model.maxSequenceLength())
                .generate(counts(count / 2, count - count / 2), new GenerationSettings(8, 1, 0, 1, seed, true), 10,
                        records::addAll, () -> false);
        return records;
    }

    private static SyntheticGenerator generator(GenerationConditioning conditioning) {
        return new SyntheticGenerator(language.model(), language.tokenizer(), conditioning, PlantedLabels.TEMPLATE,
                language.maxSequenceLength());
    }

    private static Map<String, Integer> counts(int a, int b) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("a", a);
        counts.put("b", b);
        return counts;
    }
}
