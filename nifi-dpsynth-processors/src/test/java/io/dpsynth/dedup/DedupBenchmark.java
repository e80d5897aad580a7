package io.dpsynth.dedup;

import io.dpsynth.text.TokenHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

/**
 * Throughput and memory of the dedup engine on the bundled data. Not a unit test: it only runs with
 * {@code -Ddpsynth.bench=true} and asserts nothing, it prints numbers (see docs/benchmarks.md).
 * {@code -Ddpsynth.bench.million=true} also builds an index of one million synthetic 1 KB records.
 */
@EnabledIfSystemProperty(named = "dpsynth.bench", matches = "true")
class DedupBenchmark {

    private static final int REPETITIONS = 20;

    @Test
    void throughputOnBundledCorpusScaledTwentyTimes() throws Exception {
        List<String> sensitive = DemoData.texts("sensitive.jsonl.gz");
        List<String> publicTexts = DemoData.texts("public.jsonl.gz");
        long publicBytes = publicTexts.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
        System.out.printf("public corpus: %d documents, %.1f MB UTF-8; x%d = %.1f MB per pass%n", publicTexts.size(),
                publicBytes / 1e6, REPETITIONS, REPETITIONS * publicBytes / 1e6);

        DedupSettings settings = DedupSettings.defaults();
        long start = System.nanoTime();
        SensitiveIndex.Builder builder = SensitiveIndex.builder(settings);
        sensitive.forEach(builder::add);
        SensitiveIndex full = builder.build();
        System.out.printf("sensitive index: %s, built in %d ms%n", full.stats(), (System.nanoTime() - start) / 1_000_000);

        TokenHasher tokens = new TokenHasher(settings.normalization());
        ExactOverlapIndex.Builder exactBuilder = ExactOverlapIndex.builder(settings.windowTokens());
        MinHashIndex.Builder nearBuilder = MinHashIndex.builder(settings.shingleTokens(), settings.jaccardThreshold());
        for (String text : sensitive) {
            long[] hashes = tokens.hashTokens(text);
            exactBuilder.add(hashes);
            if (hashes.length >= settings.minNearDuplicateTokens()) {
                nearBuilder.add(hashes);
            }
        }
        ExactOverlapIndex exact = exactBuilder.build();
        MinHashIndex near = nearBuilder.build();
        System.out.printf("LSH layout for threshold %.2f: %s%n", settings.jaccardThreshold(), near.banding());

        int cores = Runtime.getRuntime().availableProcessors();
        for (int threads : new int[] {1, cores}) {
            measure("tokenise only", threads, publicTexts, publicBytes, text -> tokens.hashTokens(text).length);
            measure("exact overlap", threads, publicTexts, publicBytes,
                    text -> exact.scan(tokens.hashTokens(text)).matchedWindows());
            measure("MinHash + LSH", threads, publicTexts, publicBytes,
                    text -> (int) (100 * near.bestSimilarity(tokens.hashTokens(text))));
            measure("full check (exact, then near)", threads, publicTexts, publicBytes,
                    text -> full.check(text).tokens());
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "dpsynth.bench.million", matches = "true")
    void indexMemoryForOneMillionOneKilobyteRecords() {
        String[] vocabulary = new String[20_000];
        Random random = new Random(1);
        for (int i = 0; i < vocabulary.length; i++) {
            vocabulary[i] = Integer.toString(random.nextInt(Integer.MAX_VALUE), 36);
        }
        long start = System.nanoTime();
        SensitiveIndex.Builder builder = SensitiveIndex.builder(DedupSettings.defaults());
        StringBuilder text = new StringBuilder(1100);
        for (int record = 0; record < 1_000_000; record++) {
            text.setLength(0);
            while (text.length() < 1000) {
                text.append(vocabulary[(int) Math.pow(vocabulary.length, random.nextDouble()) - 1]).append(' ');
            }
            builder.add(text);
        }
        SensitiveIndex index = builder.build();
        SensitiveIndex.IndexStats stats = index.stats();
        System.out.printf("1M x 1 KB synthetic records: %s = %.2f GiB (%.0f bytes per record), built in %d s%n", stats,
                stats.memoryBytes() / (double) (1L << 30), stats.memoryBytes() / 1e6,
                (System.nanoTime() - start) / 1_000_000_000);
    }

    private static void measure(String name, int threads, List<String> texts, long bytes, ToIntFunction<String> work)
            throws Exception {
        run(threads, texts, 1, work); // warm-up pass
        long start = System.nanoTime();
        long sink = run(threads, texts, REPETITIONS, work);
        double seconds = (System.nanoTime() - start) / 1e9;
        double megabytes = REPETITIONS * bytes / 1e6;
        System.out.printf("%-30s threads=%d  %.1f MB in %.2f s = %.1f MB/s (%.1f MB/s per thread) [%d]%n", name,
                threads, megabytes, seconds, megabytes / seconds, megabytes / seconds / threads, sink % 10);
    }

    /** Processes {@code repetitions} copies of the corpus on {@code threads} threads, documents handed out one by one. */
    private static long run(int threads, List<String> texts, int repetitions, ToIntFunction<String> work)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        int total = texts.size() * repetitions;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> parts = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                parts.add(pool.submit(() -> {
                    long sum = 0;
                    for (int i; (i = next.getAndIncrement()) < total; ) {
                        sum += work.applyAsInt(texts.get(i % texts.size()));
                    }
                    return sum;
                }));
            }
            long sum = 0;
            for (Future<Long> part : parts) {
                sum += part.get();
            }
            return sum;
        } finally {
            pool.shutdown();
        }
    }
}
