package io.dpsynth.evaluation.lm;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.dpsynth.dedup.DemoData;
import io.dpsynth.dpsgd.PrefixLmEncoder;
import io.dpsynth.evaluation.LabeledText;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.model.Gpt2Weights;
import io.dpsynth.model.LanguageModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Cost of the model metrics with the bundled model's shape (4 layers, d = 256, 4 heads, 256 positions) and its
 * real tokenizer, on the bundled held-out records — but RANDOM weights until the pre-trained ones exist: the
 * truncation counts and times are real, the perplexity and embedding values mean nothing. Opt-in with
 * {@code -Ddpsynth.bench=true}; prints, asserts nothing.
 */
@EnabledIfSystemProperty(named = "dpsynth.bench", matches = "true")
class ModelMetricsBenchmark {

    private static final Gpt2Config BUNDLED_SHAPE = Gpt2Config.of(8192, 256, 256, 4, 4);
    private static final int RECORDS = 200;

    @TempDir
    Path directory;

    @Test
    void embeddingAndPerplexityCostOnHeldOutRecords() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
             Gpt2Weights weights = Gpt2Weights.initialize(BUNDLED_SHAPE, manager, 1)) {
            weights.save(directory);
        }
        Files.copy(Path.of("../models/dpsynth-gpt2-small/tokenizer.json"), directory.resolve(LanguageModel.TOKENIZER_FILE));
        List<String> heldOut = DemoData.read("sensitive.jsonl.gz").stream()
                .filter(r -> r.get("split").asText().equals("test")).map(r -> r.get("text").asText()).toList();
        try (LanguageModel model = LanguageModel.load(directory, Device.cpu())) {
            TokenizedTexts all = TokenizedTexts.encode(model.tokenizer(), heldOut, new long[] {0}, model.maxSequenceLength());
            System.out.println("held-out records cut to " + model.maxSequenceLength() + " tokens (start token included): "
                    + all.truncated() + " of " + heldOut.size());
            List<String> sample = heldOut.subList(0, RECORDS);
            for (int round = 1; round <= 2; round++) {
                long start = System.nanoTime();
                ModelEmbedder embedder = new ModelEmbedder(model);
                embedder.embed(sample);
                double embedSeconds = (System.nanoTime() - start) / 1e9;
                start = System.nanoTime();
                List<LabeledText> records = sample.stream().map(text -> new LabeledText(text, "ham")).toList();
                PerplexityEvaluator.Result result = PerplexityEvaluator.base(model).evaluate(records,
                        PerplexityEvaluator.encoder(model, PrefixLmEncoder.DEFAULT_TEMPLATE, 0));
                double perplexitySeconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("round %d, %d records, %d text tokens: embedding %.1f s (%.0f tokens/s), perplexity "
                                + "%.1f s (%.0f tokens/s)%n", round, RECORDS, result.tokens(), embedSeconds,
                        result.tokens() / embedSeconds, perplexitySeconds, result.tokens() / perplexitySeconds);
            }
        }
    }
}
