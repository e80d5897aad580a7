package io.dpsynth.generation;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.dpsynth.dpsgd.PrefixLmEncoder;
import io.dpsynth.dpsgd.PromptTuner;
import io.dpsynth.model.BundledModel;
import io.dpsynth.model.ForwardInput;
import io.dpsynth.model.GenerationSettings;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.model.KvCache;
import io.dpsynth.model.LanguageModel;
import io.dpsynth.model.NativeArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generation throughput for docs/benchmarks.md (no assertions on time), on the bundled model with an untrained
 * 20-token soft prompt (its cost is a trained one's) and two labels under the default template: records/s and
 * tokens/s for batch sizes 1, 16 and 64 at Max New Tokens 64, temperature 1; next to each, the raw limit measured
 * in the same run: tokens/s of single cached decode steps (one new token per row, logits copied to Java) × batch.
 * Each batch size runs {@code -Ddpsynth.bench.rounds} (default 3) rounds of generation then limit, and reports medians,
 * so that load from other jobs hits both alike. Then the peak heap while streaming 100,000 records (Max New Tokens {@code -Ddpsynth.bench.streamTokens}, default 4,
 * to keep the run short) into a sink that serialises and discards them.
 * Run with {@code -Ddpsynth.bench=true}; {@code -Ddpsynth.bench.stream=0} skips the 100,000 records.
 */
@EnabledIfSystemProperty(named = "dpsynth.bench", matches = "true")
class GenerateSyntheticBenchmark {

    private static final int VIRTUAL_TOKENS = 20;
    private static final int MAX_NEW_TOKENS = 64;
    private static final int DECODE_STEPS = 64;

    @Test
    void throughputAgainstTheForwardPassLimitAndHeapWhileStreaming() throws IOException {
        try (LanguageModel language = LanguageModel.load(BundledModel.inThisJar().directory(BundledModel.defaultRoot()), Device.cpu());
             PromptTuner tuner = PromptTuner.initialize(language.model(), VIRTUAL_TOKENS, 1)) {
            SyntheticGenerator generator = new SyntheticGenerator(language.model(), language.tokenizer(), tuner,
                    PrefixLmEncoder.DEFAULT_TEMPLATE, language.maxSequenceLength());
            int promptTokens = language.tokenizer().encode("[spam] ").length;
            System.out.printf("bundled model %s, soft prompt %d, prompt %d tokens, max new tokens %d, temperature 1%n",
                    language.model().config(), VIRTUAL_TOKENS, promptTokens, MAX_NEW_TOKENS);
            generator.generate(counts(4), new GenerationSettings(8, 1, 0, 1, 0, true), 4, batch -> { }, () -> false); // warm-up
            int rounds = Integer.getInteger("dpsynth.bench.rounds", 3);
            System.out.printf("median of %d rounds; each round runs the generation, then the decode-step limit%n", rounds);
            System.out.println("| batch | records | s | records/s | tokens/s | mean tokens/record | decode-step limit tokens/s | limit / generation |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (int[] cell : new int[][] {{1, 16}, {16, 64}, {64, 128}}) {
                int batch = cell[0];
                int records = cell[1];
                double[] seconds = new double[rounds];
                double[] limits = new double[rounds];
                long tokens = 0;
                for (int round = 0; round < rounds; round++) {
                    long start = System.nanoTime();
                    GenerationSummary summary = generator.generate(counts(records),
                            new GenerationSettings(MAX_NEW_TOKENS, 1, 0, 1, 7, true), batch, b -> { }, () -> false);
                    seconds[round] = (System.nanoTime() - start) / 1e9;
                    tokens = summary.tokens(); // the same every round: same seed
                    limits[round] = decodeStepLimit(language.model(), batch, VIRTUAL_TOKENS + promptTokens, tuner);
                }
                double time = median(seconds);
                double limit = median(limits);
                double tokensPerSecond = tokens / time;
                System.out.printf("| %d | %d | %.2f | %.1f | %.0f | %.1f | %.0f | %.2f× |%n", batch, records, time,
                        records / time, tokensPerSecond, (double) tokens / records, limit, limit / tokensPerSecond);
            }
            int stream = Integer.getInteger("dpsynth.bench.stream", 100_000);
            if (stream > 0) {
                streamAndWatchHeap(generator, stream, Integer.getInteger("dpsynth.bench.streamTokens", 4));
            }
        }
    }

    /** Tokens/s of cached decode steps alone: one new token per row after a filled cache, logits to Java. */
    private static double decodeStepLimit(Gpt2Model model, int batch, int filled, PromptTuner tuner) {
        NDManager parent = model.weights().manager();
        SplittableRandom random = new SplittableRandom(3);
        try (KvCache cache = new KvCache(parent, model.config().layers(), filled + 2 * DECODE_STEPS)) {
            try (NDManager scope = parent.newSubManager()) {
                long[][] prompt = new long[batch][filled - VIRTUAL_TOKENS];
                model.hiddenStates(tuner.forGeneration(ForwardInput.of(NativeArrays.of(scope, prompt)), batch, true).withCache(cache));
            }
            decodeSteps(model, batch, cache, random, DECODE_STEPS / 2, tuner); // warm-up at this batch size
            long start = System.nanoTime();
            decodeSteps(model, batch, cache, random, DECODE_STEPS, tuner);
            double seconds = (System.nanoTime() - start) / 1e9;
            return batch * DECODE_STEPS / seconds;
        }
    }

    private static void decodeSteps(Gpt2Model model, int batch, KvCache cache, SplittableRandom random, int steps, PromptTuner tuner) {
        int vocabulary = model.config().vocabularySize();
        NDManager parent = model.weights().manager();
        for (int step = 0; step < steps; step++) {
            try (NDManager scope = parent.newSubManager()) {
                long[][] tokens = new long[batch][1];
                for (long[] row : tokens) {
                    row[0] = random.nextInt(vocabulary - 1);
                }
                ForwardInput input = tuner.forGeneration(ForwardInput.of(NativeArrays.of(scope, tokens)).withCache(cache), batch, false);
                NDArray hidden = model.hiddenStates(input);
                model.logits(input, hidden.get(new NDIndex(":, -1, :"))).toFloatArray();
            }
        }
    }

    private static void streamAndWatchHeap(SyntheticGenerator generator, int records, int maxNewTokens) throws IOException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicLong peakFirstTenth = new AtomicLong(baseline);
        AtomicLong done = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long used = memory.getHeapMemoryUsage().getUsed();
                peak.accumulateAndGet(used, Math::max);
                if (done.get() < records / 10) {
                    peakFirstTenth.accumulateAndGet(used, Math::max);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        long start = System.nanoTime();
        GenerationSummary summary = generator.generate(counts(records), new GenerationSettings(maxNewTokens, 1, 0, 1, 11, true), 64,
                batch -> {
                    for (SyntheticRecord record : batch) { // what a record writer does with each record: serialise it
                        bytes.addAndGet(("{\"text\":\"" + record.text() + "\",\"label\":\"" + record.label() + "\"}\n")
                                .getBytes(StandardCharsets.UTF_8).length);
                    }
                    done.addAndGet(batch.size());
                }, () -> false);
        double seconds = (System.nanoTime() - start) / 1e9;
        watcher.interrupt();
        System.out.printf("%nstreamed %d records (%d kept, %d dropped, %d tokens, %d bytes serialised) in %.0f s at batch 64, "
                        + "max new tokens %d, max heap %d MB%n", records, summary.kept(), summary.dropped(), summary.tokens(),
                bytes.get(), seconds, maxNewTokens, Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("heap used: %d MB after GC before the run, peak %d MB during the first 10%% of records, peak %d MB over the "
                + "whole run%n", baseline >> 20, peakFirstTenth.get() >> 20, peak.get() >> 20);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static Map<String, Integer> counts(int records) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<String> labels = List.of("spam", "ham");
        labels.forEach(label -> counts.put(label, records / 2));
        counts.merge("spam", records % 2, Integer::sum);
        return counts;
    }
}
