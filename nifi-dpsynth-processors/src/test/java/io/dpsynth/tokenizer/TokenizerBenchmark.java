package io.dpsynth.tokenizer;

import io.dpsynth.corpus.HeldOutSplit;
import io.dpsynth.corpus.JsonLinesCorpus;
import io.dpsynth.corpus.PublicDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Measures the bundled tokenizer (docs/benchmarks.md, "Tokenizer"): DJL load time, compression and encode/decode
 * throughput on the held-out public documents. Optional {@code -Ddpsynth.gpt2.tokenizer=PATH}: GPT-2's
 * tokenizer.json for comparison (and a check of the reference encoder against 50 000 real merges).
 */
@EnabledIfSystemProperty(named = "dpsynth.bench", matches = "true")
class TokenizerBenchmark {

    private static final Path BUNDLED = Path.of("../" + TrainTokenizer.DEFAULT_OUTPUT);
    private static final Path CORPUS = Path.of("../" + TrainTokenizer.DEFAULT_CORPUS);
    private static final int MEASURED_PASSES = 5;

    @Test
    void bundledTokenizerOnHeldOutPublicText() throws Exception {
        List<PublicDocument> documents = JsonLinesCorpus.read(CORPUS);
        List<PublicDocument> heldOutDocuments = documents.stream().filter(d -> HeldOutSplit.isHeldOut(d.id())).toList();
        List<String> heldOut = heldOutDocuments.stream().map(PublicDocument::text).toList();
        List<String> training = documents.stream().filter(d -> !HeldOutSplit.isHeldOut(d.id())).map(PublicDocument::text).toList();

        long start = System.nanoTime();
        TextTokenizer first = TextTokenizer.load(BUNDLED);
        double firstLoadMs = (System.nanoTime() - start) / 1e6;
        first.close();
        double[] reloadMs = new double[5];
        for (int i = 0; i < reloadMs.length; i++) {
            long t = System.nanoTime();
            TextTokenizer.load(BUNDLED).close();
            reloadMs[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(reloadMs);
        System.out.printf("load: first in this JVM (native library loaded) %.0f ms; again, median of 5: %.1f ms%n",
                firstLoadMs, reloadMs[2]);

        try (TextTokenizer tokenizer = TextTokenizer.load(BUNDLED)) {
            System.out.printf("vocabulary size %d, end-of-text id %d%n", tokenizer.vocabularySize(), tokenizer.endOfTextId());
            report("held-out", heldOut, tokenizer);
            reportBySource(heldOutDocuments, tokenizer);
            report("training part", training, tokenizer);
            throughput(heldOut, tokenizer);
        }

        String gpt2 = System.getProperty("dpsynth.gpt2.tokenizer");
        if (gpt2 != null) {
            try (TextTokenizer tokenizer = TextTokenizer.load(Path.of(gpt2))) {
                System.out.printf("GPT-2 (vocabulary size %d) for comparison:%n", tokenizer.vocabularySize());
                report("held-out", heldOut, tokenizer);
                reportBySource(heldOutDocuments, tokenizer);
                BpeEncoder reference = new BpeEncoder(TokenizerJsonReader.read(Path.of(gpt2)));
                for (String text : heldOut.subList(0, 25)) {
                    assertArrayEquals(reference.encode(text), tokenizer.encode(text));
                }
                System.out.println("GPT-2: reference encoder ids equal the native ones on 25 held-out documents");
            }
        }
    }

    /** The source is the first segment of the id (moby-dick, sotu, spam-assassin); one long spam mail is mostly encoded. */
    private static void reportBySource(List<PublicDocument> documents, TextTokenizer tokenizer) {
        Map<String, List<String>> bySource = new TreeMap<>();
        for (PublicDocument document : documents) {
            String source = document.id().substring(0, Math.max(0, document.id().indexOf('/')));
            bySource.computeIfAbsent("  held-out " + source, k -> new ArrayList<>()).add(document.text());
        }
        bySource.forEach((name, texts) -> report(name, texts, tokenizer));
        List<String> withoutLongest = documents.stream().map(PublicDocument::text)
                .sorted(Comparator.comparingInt(String::length)).toList();
        report("  held-out without its longest document", withoutLongest.subList(0, withoutLongest.size() - 1), tokenizer);
    }

    private static void report(String name, List<String> texts, TextTokenizer tokenizer) {
        long bytes = 0;
        long tokens = 0;
        int longest = 0;
        for (String text : texts) {
            long[] ids = tokenizer.encode(text);
            bytes += utf8Length(text);
            tokens += ids.length;
            longest = Math.max(longest, ids.length);
        }
        System.out.printf("%s: %d documents, %d bytes, %d tokens: %.4f tokens/byte (%.3f bytes/token), longest document %d tokens%n",
                name, texts.size(), bytes, tokens, (double) tokens / bytes, (double) bytes / tokens, longest);
    }

    private static void throughput(List<String> texts, TextTokenizer tokenizer) {
        long bytes = texts.stream().mapToLong(TokenizerBenchmark::utf8Length).sum();
        long[][] encoded = new long[texts.size()][];
        for (int pass = 0; pass < 2; pass++) { // warm-up
            for (int i = 0; i < texts.size(); i++) {
                encoded[i] = tokenizer.encode(texts.get(i));
            }
        }
        long tokens = Arrays.stream(encoded).mapToLong(ids -> ids.length).sum();
        long start = System.nanoTime();
        for (int pass = 0; pass < MEASURED_PASSES; pass++) {
            for (String text : texts) {
                tokenizer.encode(text);
            }
        }
        double encodeSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        for (int pass = 0; pass < MEASURED_PASSES; pass++) {
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(texts.get(i).length(), tokenizer.decode(encoded[i]).length());
            }
        }
        double decodeSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("encode, 1 thread, %d passes over the held-out documents: %.2f MB/s, %.0f tokens/s%n",
                MEASURED_PASSES, MEASURED_PASSES * bytes / encodeSeconds / 1e6, MEASURED_PASSES * tokens / encodeSeconds);
        System.out.printf("decode, 1 thread: %.2f MB/s, %.0f tokens/s%n",
                MEASURED_PASSES * bytes / decodeSeconds / 1e6, MEASURED_PASSES * tokens / decodeSeconds);
    }

    private static long utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
