package io.dpsynth.model;

import ai.djl.ndarray.NDManager;
import io.dpsynth.pretrain.PackedSequences;
import io.dpsynth.pretrain.PretrainSettings;
import io.dpsynth.pretrain.Pretrainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Language-model runtime measurements for docs/benchmarks.md (no assertions on time): generation tokens/s with
 * and without the key/value cache, and pre-training tokens/s (forward + backward + AdamW) of candidate sizes.
 * Random weights and random token ids; the end-of-text id is set outside the vocabulary so every row runs to
 * the full length. Run with {@code -Ddpsynth.bench=true}; see docs/benchmarks.md for the command. Options:
 * {@code -Ddpsynth.bench.cells=32x512} (one batch × length), {@code -Ddpsynth.bench.cacheOnly=true},
 * {@code -Ddpsynth.bench.steps=N} (measured training steps, default 20).
 */
@EnabledIfSystemProperty(named = "dpsynth.bench", matches = "true")
class Gpt2Benchmark {

    private static final int VOCABULARY = 8192;
    private static final int PROMPT_TOKENS = 16;
    private static final long NEVER = -1;

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
    void generationWithAndWithoutCache() {
        Gpt2Config config = new Gpt2Config(VOCABULARY, 1024, 256, 4, 4, 1e-5, NEVER, NEVER);
        System.out.printf("%n## generation: %d layers, d=%d, vocab %d, prompt %d tokens, greedy%n", config.layers(),
                config.embeddingSize(), VOCABULARY, PROMPT_TOKENS);
        System.out.println("| batch | new tokens | cache | seconds | generated tokens/s | process RSS after (MB) |");
        String only = System.getProperty("dpsynth.bench.cells", ""); // e.g. "32x512" to run one size
        try (Gpt2Weights weights = Gpt2Weights.initialize(config, manager, 1)) {
            Generator generator = new Generator(new Gpt2Model(weights));
            generator.generate(prompts(1, 2), null, GenerationSettings.greedy(16)); // warm-up
            int[] batches = {1, 32};
            int[] lengths = {128, 512};
            for (int batch : batches) {
                for (int length : lengths) {
                    if (!only.isEmpty() && !only.equals(batch + "x" + length)) {
                        continue;
                    }
                    for (boolean cache : new boolean[] {true, false}) {
                        if (Boolean.getBoolean("dpsynth.bench.cacheOnly") && !cache) {
                            continue;
                        }
                        List<long[]> prompts = prompts(batch, 3);
                        long started = System.nanoTime();
                        List<long[]> out = generator.generate(prompts, null, GenerationSettings.greedy(length).withCache(cache));
                        double seconds = (System.nanoTime() - started) / 1e9;
                        long tokens = out.stream().mapToLong(row -> row.length).sum();
                        System.out.printf("| %d | %d | %s | %.2f | %.1f | %d |%n", batch, length, cache ? "yes" : "no", seconds,
                                tokens / seconds, residentMegabytes());
                        System.out.flush();
                    }
                }
            }
        }
    }

    @Test
    void trainingThroughputOfCandidateSizes() throws IOException {
        int measuredSteps = Integer.getInteger("dpsynth.bench.steps", 20);
        System.out.printf("%n## pre-training: batch 16, AdamW, %d measured steps after 3 warm-up steps%n", measuredSteps);
        System.out.println("| layers | d | heads | context | parameters | seconds/step | training tokens/s |");
        int[][] candidates = {{4, 256, 4, 256}, {4, 256, 4, 512}, {6, 384, 6, 256}, {8, 512, 8, 256}};
        for (int[] candidate : candidates) {
            int context = candidate[3];
            Gpt2Config config = Gpt2Config.of(VOCABULARY, context, candidate[1], candidate[0], candidate[2]);
            PackedSequences data = PackedSequences.pack(randomDocuments(64 * context), List.of(), config.eosTokenId(), context);
            try (Gpt2Weights weights = Gpt2Weights.initialize(config, manager, 1)) {
                new Pretrainer(settings(context, 3), line -> { }).train(weights, data, null, java.util.Map.of());
                Pretrainer.Result result = new Pretrainer(settings(context, measuredSteps), line -> { })
                        .train(weights, data, null, java.util.Map.of());
                double secondsPerStep = 16.0 * context / result.tokensPerSecond();
                System.out.printf("| %d | %d | %d | %d | %.1f M | %.2f | %.0f |%n", config.layers(), config.embeddingSize(),
                        config.heads(), context, config.parameterCount() / 1e6, secondsPerStep, result.tokensPerSecond());
            }
        }
    }

    /** Resident memory of this process (Linux), to spot native leaks between runs. */
    private static long residentMegabytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static PretrainSettings settings(int context, int steps) {
        return new PretrainSettings(context, 16, steps, 1e-3, 0, 0.1, 0.1, 1.0, steps + 1, 1, 1);
    }

    private static List<long[]> prompts(int batch, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<long[]> prompts = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            prompts.add(random.longs(PROMPT_TOKENS, 0, VOCABULARY - 1).toArray());
        }
        return prompts;
    }

    private static List<long[]> randomDocuments(int tokens) {
        SplittableRandom random = new SplittableRandom(9);
        List<long[]> documents = new ArrayList<>();
        for (int made = 0; made < tokens; made += 500) {
            documents.add(random.longs(500, 0, VOCABULARY - 1).toArray());
        }
        return documents;
    }
}
