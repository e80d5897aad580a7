package io.dpsynth.evaluation.lm;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.dpsynth.dpsgd.LoraTuner;
import io.dpsynth.dpsgd.PrefixLmEncoder;
import io.dpsynth.dpsgd.PrefixLmExample;
import io.dpsynth.dpsgd.PromptTuner;
import io.dpsynth.evaluation.LabeledText;
import io.dpsynth.model.ForwardInput;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.model.LanguageModel;
import io.dpsynth.model.NativeArrays;
import io.dpsynth.model.TinyModelDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The base model's embeddings and the base and tuned perplexity on a tiny random GPT-2 (byte tokens, 64 positions). */
class ModelMetricsTest {

    private static final Gpt2Config CONFIG = Gpt2Config.of(257, 64, 16, 2, 2);
    private static final List<String> TEXTS = List.of("short one", "a somewhat longer text to pad the others",
            "", "medium length text", "x");
    private static final List<LabeledText> RECORDS = List.of(new LabeledText("short one", "a"),
            new LabeledText("a somewhat longer text to pad the others", "bb"), new LabeledText("", "a"),
            new LabeledText("medium length text", "a"), new LabeledText("x", "bb"));

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
    void perplexityIsThePrefixLmLossPerTextTokenComputedRecordByRecord() {
        PrefixLmEncoder encoder = PerplexityEvaluator.encoder(model, PrefixLmEncoder.DEFAULT_TEMPLATE, 0);
        PerplexityEvaluator.Result result = PerplexityEvaluator.base(model).evaluate(RECORDS, encoder);
        double nll = 0;
        long tokens = 0;
        for (LabeledText record : RECORDS) {
            PrefixLmExample example = encoder.encode(record.label(), record.text());
            nll += sequenceNll(example.tokens(), example.prefixLength());
            tokens += example.tokens().length - example.prefixLength(); // the text and end-of-text, not the prefix
        }
        assertEquals(tokens, result.tokens());
        assertEquals(RECORDS.size(), result.texts());
        assertEquals(nll / tokens, result.meanNll(), 1e-5);
        assertEquals(Math.exp(nll / tokens), result.perplexity(), 1e-4 * result.perplexity());
        assertEquals("none", result.adapter());
        assertEquals(PrefixLmEncoder.DEFAULT_TEMPLATE, result.prefixTemplate());
        assertEquals(directory.getFileName().toString(), result.model());
        // a random model over 257 ids is close to uniform
        assertTrue(result.perplexity() > 100 && result.perplexity() < 600, "perplexity " + result.perplexity());
    }

    @Test
    void theLabelPrefixConditionsTheTextButIsNotScored() {
        PerplexityEvaluator base = PerplexityEvaluator.base(model);
        PerplexityEvaluator.Result bracketed = base.evaluate(RECORDS, PerplexityEvaluator.encoder(model, "[<label>] ", 0));
        PerplexityEvaluator.Result other = base.evaluate(RECORDS, PerplexityEvaluator.encoder(model, "label <label>: ", 0));
        assertEquals(bracketed.tokens(), other.tokens());
        assertNotEquals(bracketed.meanNll(), other.meanNll(), 1e-6);
    }

    @Test
    void aTunerAppliesThroughItsSharedForward() {
        PrefixLmEncoder encoder = PerplexityEvaluator.encoder(model, PrefixLmEncoder.DEFAULT_TEMPLATE, 0);
        PerplexityEvaluator.Result base = PerplexityEvaluator.base(model).evaluate(RECORDS, encoder);
        try (LoraTuner fresh = LoraTuner.initialize(model.model(), 2, 4, 1)) {
            // LoRA starts with B = 0: the tuned model is the base model, on the same tokens
            PerplexityEvaluator.Result same = PerplexityEvaluator.tuned(model, fresh, "lora-r2").evaluate(RECORDS, encoder);
            assertEquals(base.meanNll(), same.meanNll(), 1e-6);
            assertEquals(base.tokens(), same.tokens());
            assertEquals("lora-r2", same.adapter());
        }
        SplittableRandom random = new SplittableRandom(3);
        List<float[]> values = new ArrayList<>();
        for (int i = 0; i < CONFIG.layers() * 2; i++) {
            int out = i % 2 == 0 ? 3 * 16 : 16;
            values.add(gaussian(random, 16 * 2, 1.0));
            values.add(gaussian(random, 2 * out, 1.0));
        }
        try (LoraTuner lora = LoraTuner.of(model.model(), values, 2, 4)) {
            PerplexityEvaluator.Result adapted = PerplexityEvaluator.tuned(model, lora, "lora-r2").evaluate(RECORDS, encoder);
            assertTrue(Math.abs(adapted.meanNll() - base.meanNll()) > 1e-3, base + " vs " + adapted);
            assertEquals(adapted, PerplexityEvaluator.tuned(model, lora, "lora-r2").evaluate(RECORDS, encoder));
        }
        try (PromptTuner prompt = PromptTuner.of(model.model(), gaussian(random, 4 * 16, 2.0), 4)) {
            PerplexityEvaluator tuned = PerplexityEvaluator.tuned(model, prompt, "soft-prompt-4");
            assertEquals(4, tuned.virtualTokens());
            PerplexityEvaluator.Result prompted = tuned.evaluate(RECORDS, encoder);
            assertTrue(Math.abs(prompted.meanNll() - base.meanNll()) > 1e-3, base + " vs " + prompted);
        }
        assertThrows(IllegalArgumentException.class, () -> PerplexityEvaluator.tuned(model, null, "none"));
    }

    @Test
    void aSoftPromptLeavesLessRoomForTheText() {
        try (PromptTuner prompt = PromptTuner.of(model.model(), new float[10 * 16], 10)) {
            PrefixLmEncoder encoder = PerplexityEvaluator.encoder(model, "", prompt.virtualTokens());
            PerplexityEvaluator.Result result = PerplexityEvaluator.tuned(model, prompt, "soft-prompt-10")
                    .evaluate(List.of(new LabeledText("z".repeat(60), "a")), encoder);
            assertEquals(1, result.truncatedTexts());
            // 10 prompt positions + 54 inputs fill the 64 positions; the 55th token is a target only; with an empty
            // prefix the first token is predicted by nothing
            assertEquals(64 - 10 + 1 - 1, result.tokens());
        }
    }

    @Test
    void refusesNoRecordsAndAPrefixThatFillsTheLimit() {
        PerplexityEvaluator base = PerplexityEvaluator.base(model);
        PrefixLmEncoder encoder = PerplexityEvaluator.encoder(model, PrefixLmEncoder.DEFAULT_TEMPLATE, 0);
        assertThrows(IllegalArgumentException.class, () -> base.evaluate(List.of(), encoder));
        PrefixLmEncoder longPrefix = PerplexityEvaluator.encoder(model, "p".repeat(70) + "<label>", 0);
        assertThrows(IllegalArgumentException.class, () -> base.evaluate(RECORDS, longPrefix));
    }

    /** NLL of the targets at or after {@code prefixLength} of one unpadded sequence, in double precision. */
    private static double sequenceNll(long[] ids, int prefixLength) {
        try (NDManager pass = model.model().weights().manager().newSubManager()) {
            long[] inputs = java.util.Arrays.copyOf(ids, ids.length - 1);
            float[] logits = model.model().forward(ForwardInput.of(NativeArrays.of(pass, new long[][] {inputs})))
                    .toFloatArray();
            int vocabulary = CONFIG.vocabularySize();
            double nll = 0;
            for (int t = 0; t + 1 < ids.length; t++) {
                if (t + 1 < prefixLength) {
                    continue;
                }
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
