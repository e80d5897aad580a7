package io.dpsynth.nifi.processors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpsynth.dedup.DemoData;
import io.dpsynth.dpsgd.AdapterFiles;
import io.dpsynth.dpsgd.PrefixLmEncoder;
import io.dpsynth.dpsgd.PromptTuner;
import io.dpsynth.evaluation.LabeledText;
import io.dpsynth.evaluation.RealReference;
import io.dpsynth.evaluation.lm.ModelEmbedder;
import io.dpsynth.evaluation.downstream.ClassificationScores;
import io.dpsynth.evaluation.downstream.DownstreamEvaluation;
import io.dpsynth.evaluation.downstream.MiniLmProbe;
import io.dpsynth.evaluation.downstream.TfidfLogisticRegression;
import io.dpsynth.evaluation.downstream.WordCnnClassifier;
import io.dpsynth.evaluation.mauve.EmbedderFactory;
import io.dpsynth.evaluation.mauve.Mauve;
import io.dpsynth.evaluation.mauve.MauveSettings;
import io.dpsynth.evaluation.mauve.TextEmbedder;
import io.dpsynth.evaluation.mauve.TfidfEmbedder;
import io.dpsynth.evaluation.ngram.CorpusStatistics;
import io.dpsynth.evaluation.ngram.TextStatisticsComparison;
import io.dpsynth.model.LanguageModel;
import io.dpsynth.nifi.DpsynthAttributes;
import io.dpsynth.nifi.services.DjlLanguageModelService;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * EvaluateUtility on the bundled data: 5,000 synthetic records against the SpamAssassin set's
 * train/test split, TF-IDF classifier, TF-IDF MAUVE. Until GenerateSynthetic exists the "synthetic"
 * records are a bootstrap sample (with replacement, seed 1) of the real training records, so the
 * scores are those of a perfect generator; the timing is what this benchmark is for. Opt-in with
 * {@code -Ddpsynth.bench=true}; prints numbers, asserts nothing (see docs/benchmarks.md).
 */
@EnabledIfSystemProperty(named = "dpsynth.bench", matches = "true")
class EvaluateUtilityBenchmark {

    private static final int SYNTHETIC_RECORDS = 5_000;

    @Test
    void fiveThousandSyntheticRecordsOnBundledData() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        StringBuilder synthetic = new StringBuilder();
        for (LabeledText record : bootstrapOfRealTraining()) {
            synthetic.append(mapper.writeValueAsString(mapper.createObjectNode()
                    .put("text", record.text()).put("label", record.label()))).append('\n');
        }
        byte[] content = synthetic.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);

        TestRunner runner = TestRunners.newTestRunner(EvaluateUtility.class);
        JsonLinesRecordReader reader = new JsonLinesRecordReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        runner.setProperty(EvaluateUtility.RECORD_READER, "reader");
        runner.setProperty(EvaluateUtility.REAL_READER, "reader");
        runner.setProperty(EvaluateUtility.REAL_LOCATION, DemoData.directory().resolve("sensitive.jsonl.gz").toString());

        runner.enqueue(content);
        Stopwatch watch = new Stopwatch();
        runner.run(1, false, true); // schedule (read the real records, train the reference) and evaluate once
        System.out.println("first FlowFile, including scheduling (read sensitive.jsonl.gz, train the real->real "
                + "reference): " + watch.lap());
        for (int run = 0; run < 2; run++) {
            runner.enqueue(content);
            runner.run(1, false, false);
            System.out.println("evaluation of " + SYNTHETIC_RECORDS + " synthetic records (real reference cached): "
                    + watch.lap());
        }
        runner.stop();

        runner.assertTransferCount(EvaluateUtility.REL_SUCCESS, 3);
        MockFlowFile report = runner.getFlowFilesForRelationship(EvaluateUtility.REL_SUCCESS).get(2);
        System.out.println("attributes: " + report.getAttributes().entrySet().stream()
                .filter(e -> e.getKey().startsWith("dpsynth.utility")).sorted(java.util.Map.Entry.comparingByKey())
                .toList());
        System.out.println("reference (real->real) accuracy " + report.getAttribute(DpsynthAttributes.UTILITY_REFERENCE_ACCURACY)
                + ", macro-F1 " + report.getAttribute(DpsynthAttributes.UTILITY_REFERENCE_MACRO_F1));
        System.out.println(report.getContent());
    }

    /**
     * With the bundled model as the Language Model: model-embedding MAUVE and the held-out perplexity, then with an
     * adapter: {@code -Ddpsynth.adapter=<zip>}, else an untrained 20-token soft prompt (then only the timing and
     * the mechanics count, not its perplexity). 500
     * synthetic records per FlowFile; the held-out vectors are embedded by the first FlowFile and reused after.
     */
    @Test
    void bundledModelMetricsWithTheHeldOutVectorsKept() throws Exception {
        Path model = Path.of("../models/dpsynth-gpt2-small");
        String given = System.getProperty("dpsynth.adapter"); // e.g. the DpPromptTuningDemo's adapter.zip
        Path adapter = given != null ? Path.of(given).toAbsolutePath() : Files.createTempFile("dpsynth-bench-adapter", ".zip");
        if (given == null) {
            try (LanguageModel language = LanguageModel.load(model, ai.djl.Device.cpu());
                 PromptTuner tuner = PromptTuner.initialize(language.model(), 20, 1)) {
                AdapterFiles.zip(adapter, tuner, language.model().config(), language.fingerprint(),
                        PrefixLmEncoder.DEFAULT_TEMPLATE);
            }
        }
        ObjectMapper mapper = new ObjectMapper();
        StringBuilder synthetic = new StringBuilder();
        for (LabeledText record : bootstrapOfRealTraining().subList(0, 500)) {
            synthetic.append(mapper.writeValueAsString(mapper.createObjectNode()
                    .put("text", record.text()).put("label", record.label()))).append('\n');
        }
        byte[] content = synthetic.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);

        TestRunner runner = TestRunners.newTestRunner(EvaluateUtility.class);
        JsonLinesRecordReader reader = new JsonLinesRecordReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        DjlLanguageModelService service = new DjlLanguageModelService();
        runner.addControllerService("model", service);
        runner.setProperty(service, DjlLanguageModelService.MODEL_DIRECTORY, model.toAbsolutePath().toString());
        runner.enableControllerService(service);
        runner.setProperty(EvaluateUtility.RECORD_READER, "reader");
        runner.setProperty(EvaluateUtility.REAL_READER, "reader");
        runner.setProperty(EvaluateUtility.REAL_LOCATION, DemoData.directory().resolve("sensitive.jsonl.gz").toString());
        runner.setProperty(EvaluateUtility.LANGUAGE_MODEL, "model");

        Stopwatch watch = new Stopwatch();
        runner.enqueue(content);
        runner.run(1, false, true);
        System.out.println("bundled model: scheduling (real records, reference, base perplexity) + first FlowFile of 500 "
                + "(embeds the held-out set): " + watch.lap());
        runner.enqueue(content);
        runner.run(1, false, false);
        System.out.println("bundled model: second FlowFile of 500 (held-out vectors kept): " + watch.lap());
        runner.setProperty(EvaluateUtility.ADAPTER_LOCATION, adapter.toString());
        runner.enqueue(content);
        runner.run(1, false, false);
        System.out.println("bundled model: FlowFile of 500 with a 20-token soft prompt (tuned perplexity, base perplexity "
                + "at the soft prompt's length limit): " + watch.lap());
        runner.enqueue(content);
        runner.run(1, true, false);
        System.out.println("bundled model: again with the same adapter (base at that limit kept): " + watch.lap());
        if (given == null) {
            Files.delete(adapter);
        }
        List<MockFlowFile> reports = runner.getFlowFilesForRelationship(EvaluateUtility.REL_SUCCESS);
        System.out.println("report without adapter: " + reports.get(1).getContent());
        System.out.println("perplexity with adapter: " + mapper.readTree(reports.get(3).getContent()).get("perplexity"));
    }

    /** What keeping the held-out vectors saves each FlowFile after the first: embedding the 802 held-out records. */
    @Test
    void heldOutEmbeddingKeptAcrossEvaluations() throws Exception {
        RealReference reference = RealReference.prepare(TfidfLogisticRegression.defaults(), split("train"), split("test"));
        try (LanguageModel language = LanguageModel.load(Path.of("../models/dpsynth-gpt2-small"), ai.djl.Device.cpu())) {
            for (int round = 1; round <= 2; round++) {
                Stopwatch watch = new Stopwatch();
                reference.heldOutEmbedding(new ModelEmbedder(language)); // a fresh embedder per evaluation, as the processor
                System.out.println("held-out embedding, evaluation " + round + ": " + watch.lap());
            }
        }
    }

    /** Where the time of one evaluation goes, engine only (same data as above). */
    @Test
    void engineStepsOnBundledData() throws Exception {
        List<LabeledText> synthetic = bootstrapOfRealTraining();
        List<LabeledText> heldOut = split("test");
        List<String> syntheticTexts = synthetic.stream().map(LabeledText::text).toList();
        List<String> realTexts = heldOut.stream().map(LabeledText::text).toList();
        for (int round = 1; round <= 2; round++) {
            Stopwatch watch = new Stopwatch();
            DownstreamEvaluation.trainAndTest(TfidfLogisticRegression.defaults(), synthetic, heldOut);
            String downstream = watch.lap();
            TextEmbedder embedder = EmbedderFactory.tfidf(TfidfEmbedder.DEFAULT_DIMENSIONS)
                    .embedderFor(syntheticTexts, realTexts);
            double[][] p = embedder.embed(syntheticTexts);
            double[][] q = embedder.embed(realTexts);
            String embedding = watch.lap();
            Mauve.compute(p, q, MauveSettings.defaults(25));
            String mauve = watch.lap();
            TextStatisticsComparison.compare(CorpusStatistics.of(syntheticTexts), CorpusStatistics.of(realTexts));
            String statistics = watch.lap();
            System.out.println("round " + round + ": downstream train+test " + downstream + "; tfidf embedding "
                    + embedding + "; MAUVE (PCA, k-means, frontier) " + mauve + "; n-gram statistics " + statistics);
        }
    }

    /** The word CNN's real→real reference on the bundled split (default settings, seed 25 as the processor's default). */
    @Test
    void wordCnnRealToRealOnBundledData() throws Exception {
        List<LabeledText> train = split("train");
        List<LabeledText> heldOut = split("test");
        WordCnnClassifier classifier = new WordCnnClassifier(WordCnnClassifier.Settings.defaults(25));
        Stopwatch watch = new Stopwatch();
        ClassificationScores scores = DownstreamEvaluation.trainAndTest(classifier, train, heldOut);
        System.out.println("word CNN " + classifier.settings() + " trained on " + train.size() + ", tested on "
                + heldOut.size() + ": accuracy " + scores.accuracy() + ", macro-F1 " + scores.macroF1() + " ("
                + watch.lap() + ")");
    }

    /** The MiniLM probe's real→real reference on the bundled split. */
    @Test
    void miniLmProbeRealToRealOnBundledData() throws Exception {
        List<LabeledText> train = split("train");
        List<LabeledText> heldOut = split("test");
        Stopwatch watch = new Stopwatch();
        ClassificationScores scores = DownstreamEvaluation.trainAndTest(MiniLmProbe.defaults(), train, heldOut);
        System.out.println("MiniLM probe " + MiniLmProbe.defaults().settings() + " trained on " + train.size()
                + ", tested on " + heldOut.size() + ": accuracy " + scores.accuracy() + ", macro-F1 " + scores.macroF1()
                + " (" + watch.lap() + ")");
    }

    private static List<LabeledText> split(String split) throws java.io.IOException {
        return DemoData.read("sensitive.jsonl.gz").stream().filter(r -> r.get("split").asText().equals(split))
                .map(r -> new LabeledText(r.get("text").asText(), r.get("label").asText())).toList();
    }

    private static List<LabeledText> bootstrapOfRealTraining() throws java.io.IOException {
        List<LabeledText> train = split("train");
        SplittableRandom random = new SplittableRandom(1);
        List<LabeledText> sample = new java.util.ArrayList<>(SYNTHETIC_RECORDS);
        for (int i = 0; i < SYNTHETIC_RECORDS; i++) {
            sample.add(train.get(random.nextInt(train.size())));
        }
        return sample;
    }

    /** Wall time and the whole JVM's CPU time (all threads, GC included): on a shared machine the CPU time is the stable figure. */
    private static final class Stopwatch {
        private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        private long wall = System.nanoTime();
        private long cpu = os.getProcessCpuTime();

        String lap() {
            long nowWall = System.nanoTime();
            long nowCpu = os.getProcessCpuTime();
            String result = String.format(java.util.Locale.ROOT, "%.1f s wall, %.1f s CPU", (nowWall - wall) / 1e9,
                    (nowCpu - cpu) / 1e9);
            wall = nowWall;
            cpu = nowCpu;
            return result;
        }
    }
}
