package io.dpsynth.evaluation.lm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dpsynth.model.ForwardInput;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.model.LanguageModel;
import io.dpsynth.model.LoraAdapters;
import io.dpsynth.model.NativeArrays;
import io.dpsynth.model.TinyModelDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The base model's embeddings and perplexity on a tiny random GPT-2 (byte tokens, 64 positions). */
class ModelMetricsTest {

    private static final Gpt2Config CONFIG = Gpt2Config.of(257, 64, 16, 2, 2);
    private static final List<String> TEXTS = List.of("short one", "a somewhat longer text to pad the others",
            "", "medium length text", "x");

    @TempDir
    static Path directory;
    private static LanguageModel model;

    @BeforeAll
    static void load() throws IOException {
        TinyModelDirectory.write(directory, CONFIG, 11);
        model = LanguageModel.load(directory, Device.cpu());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void embedsEveryTextAsOneVectorOfTheModelWidthDeterministically() {
        ModelEmbedder embedder = new ModelEmbedder(model);
        double[][] vectors = embedder.embed(TEXTS);
        assertEquals(TEXTS.size(), vectors.length);
        for (double[] vector : vectors) {
            assertEquals(CONFIG.embeddingSize(), vector.length);
            for (double v : vector) {
                assertTrue(Double.isFinite(v));
            }
        }
        double[][] again = new ModelEmbedder(model).embed(TEXTS);
        for (int i = 0; i < vectors.length; i++) {
            assertArrayEquals(vectors[i], again[i]);
        }
        assertNotEquals(vectors[0][0], vectors[1][0]);
        assertEquals(directory.getFileName() + " mean-pooled", embedder.name());
        assertEquals(0, embedder.truncatedTexts());
    }

    @Test
    void aTextAloneEqualsTheSameTextInAPaddedBatch() {
        ModelEmbedder embedder = new ModelEmbedder(model);
        double[] alone = embedder.embed(List.of("short one"))[0];
        double[] inBatch = embedder.embed(TEXTS)[0]; // padded to the 40-byte text
        assertArrayEquals(alone, inBatch, 1e-5);
    }

    @Test
    void longTextsAreCutExplicitlyAndCounted() {
        String tooLong = "y".repeat(200);
        ModelEmbedder embedder = new ModelEmbedder(model);
        double[] cut = embedder.embed(List.of(tooLong, "short"))[0];
        assertEquals(1, embedder.truncatedTexts());
        // the start token takes one of the 64 positions
        ModelEmbedder fresh = new ModelEmbedder(model);
        assertArrayEquals(fresh.embed(List.of("y".repeat(63)))[0], cut, 1e-6);
        assertEquals(0, fresh.truncatedTexts());
        embedder.embed(List.of(tooLong));
        assertEquals(2, embedder.truncatedTexts()); // counted over all calls of one embedder
    }

    @Test
    void perplexityIsExpOfTheMeanTokenNllComputedTextByText() {
        PerplexityEvaluator.Result result = PerplexityEvaluator.base(model).evaluate(TEXTS);
        double nll = 0;
        long tokens = 0;
        for (String text : TEXTS) {
            long[] ids = withStartToken(model.tokenizer().encode(text));
            nll += sequenceNll(ids);
            tokens += ids.length - 1;
        }
        assertEquals(tokens, result.tokens());
        assertEquals(TEXTS.size(), result.texts());
        assertEquals(nll / tokens, result.meanNll(), 1e-5);
        assertEquals(Math.exp(nll / tokens), result.perplexity(), 1e-4 * result.perplexity());
        assertEquals("none", result.adapter());
        assertEquals(directory.getFileName().toString(), result.model());
        // a random model over 257 ids is close to uniform
        assertTrue(result.perplexity() > 100 && result.perplexity() < 600, "perplexity " + result.perplexity());
    }

    @Test
    void aSoftPromptOrLoraChangesPerplexity() {
        double base = PerplexityEvaluator.base(model).evaluate(TEXTS).perplexity();
        SplittableRandom random = new SplittableRandom(3);
        try (NDManager arrays = model.model().weights().manager().newSubManager()) {
            NDArray prompt = NativeArrays.of(arrays, gaussian(random, 4 * 16, 2.0), new Shape(4, 16));
            PerplexityEvaluator.Result prompted = PerplexityEvaluator.tuned(model, prompt, LoraAdapters.none())
                    .evaluate(TEXTS);
            assertEquals("soft-prompt-4", prompted.adapter());
            assertTrue(Math.abs(prompted.perplexity() - base) > 1e-3 * base, base + " vs " + prompted.perplexity());
            assertEquals(prompted, PerplexityEvaluator.tuned(model, prompt, LoraAdapters.none()).evaluate(TEXTS));

            LoraAdapters lora = LoraAdapters.none().with(0, LoraAdapters.Target.ATTENTION_QKV, new LoraAdapters.Delta(
                    NativeArrays.of(arrays, gaussian(random, 16 * 2, 1.0), new Shape(16, 2)),
                    NativeArrays.of(arrays, gaussian(random, 2 * 48, 1.0), new Shape(2, 48)), 2f));
            PerplexityEvaluator.Result adapted = PerplexityEvaluator.tuned(model, null, lora).evaluate(TEXTS);
            assertEquals("lora", adapted.adapter());
            assertTrue(Math.abs(adapted.perplexity() - base) > 1e-3 * base);
            assertEquals("soft-prompt-4+lora", PerplexityEvaluator.tuned(model, prompt, lora).evaluate(TEXTS).adapter());

            NDArray wrongWidth = NativeArrays.of(arrays, new float[8], new Shape(1, 8));
            assertThrows(IllegalArgumentException.class, () -> PerplexityEvaluator.tuned(model, wrongWidth, lora));
        }
    }

    @Test
    void aSoftPromptLeavesLessRoomForTheText() {
        try (NDManager arrays = model.model().weights().manager().newSubManager()) {
            NDArray prompt = NativeArrays.of(arrays, new float[10 * 16], new Shape(10, 16));
            PerplexityEvaluator.Result result = PerplexityEvaluator.tuned(model, prompt, LoraAdapters.none())
                    .evaluate(List.of("z".repeat(60)));
            assertEquals(1, result.truncatedTexts());
            assertEquals(64 - 10 - 1, result.tokens());
        }
    }

    @Test
    void onlyEmptyTextsHaveNothingToScore() {
        assertThrows(IllegalArgumentException.class, () -> PerplexityEvaluator.base(model).evaluate(List.of("", "")));
    }

    private static long[] withStartToken(long[] text) {
        long[] ids = new long[text.length + 1];
        ids[0] = model.tokenizer().endOfTextId();
        System.arraycopy(text, 0, ids, 1, text.length);
        return ids;
    }

    /** NLL of tokens 1.. of one unpadded sequence, log-softmax computed here in double precision. */
    private static double sequenceNll(long[] ids) {
        try (NDManager pass = model.model().weights().manager().newSubManager()) {
            float[] logits = model.model().forward(ForwardInput.of(NativeArrays.of(pass, new long[][] {ids})))
                    .toFloatArray();
            int vocabulary = CONFIG.vocabularySize();
            double nll = 0;
            for (int t = 0; t + 1 < ids.length; t++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int v = 0; v < vocabulary; v++) {
                    max = Math.max(max, logits[t * vocabulary + v]);
                }
                double sum = 0;
                for (int v = 0; v < vocabulary; v++) {
                    sum += Math.exp(logits[t * vocabulary + v] - max);
                }
                nll -= logits[t * vocabulary + (int) ids[t + 1]] - max - Math.log(sum);
            }
            return nll;
        }
    }

    private static float[] gaussian(SplittableRandom random, int count, double std) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (std * (random.nextDouble() - 0.5) * Math.sqrt(12));
        }
        return values;
    }
}
