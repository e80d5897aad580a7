package io.dpsynth.results;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpsynth.dpsgd.DpSgdAccountant;
import io.dpsynth.dpsgd.DpSgdCalibration;
import io.dpsynth.dpsgd.DpSgdRun;
import io.dpsynth.dpsgd.DpSgdSettings;
import io.dpsynth.dpsgd.DpSgdTrainer;
import io.dpsynth.dpsgd.FullFineTuner;
import io.dpsynth.dpsgd.LoraTuner;
import io.dpsynth.dpsgd.NoiseMode;
import io.dpsynth.dpsgd.PrefixLmEncoder;
import io.dpsynth.dpsgd.PrefixLmExample;
import io.dpsynth.dpsgd.PromptTuner;
import io.dpsynth.dpsgd.TrainingMonitor;
import io.dpsynth.dpsgd.Tuner;
import io.dpsynth.evaluation.LabeledText;
import io.dpsynth.evaluation.RealReference;
import io.dpsynth.evaluation.UtilityEvaluator;
import io.dpsynth.evaluation.UtilityReport;
import io.dpsynth.evaluation.downstream.TfidfLogisticRegression;
import io.dpsynth.evaluation.mauve.EmbedderFactory;
import io.dpsynth.evaluation.mauve.MauveSettings;
import io.dpsynth.evaluation.mauve.TfidfEmbedder;
import io.dpsynth.generation.GenerationSummary;
import io.dpsynth.generation.SyntheticGenerator;
import io.dpsynth.model.GenerationSettings;
import io.dpsynth.model.LanguageModel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * The results table of docs/results.md (not a test): for each tuning method and ε, DP-SGD on the 'train' split of the
 * bundled sensitive data with the bundled model, label-conditioned synthetic records (uniform labels), and the
 * downstream classifier trained on them and tested on the real 'test' split, next to MAUVE against that split.
 * ε = inf is the non-private baseline: the same clipped steps without noise. Prints one line per cell and appends
 * it as JSON to the output file; counts and metrics only.
 *
 * <p>Arguments (key=value, all optional): methods=prompt,lora,full epsilons=1,4,8,inf steps=50 batch=32 records=400
 * maxNewTokens=64 out=target/results/results.jsonl model=models/dpsynth-gpt2-small.
 */
public final class ResultsTable {

    private static final double DELTA = 1e-5;
    private static final int MAX_TOKENS = 128;
    private static final int VIRTUAL_TOKENS = 20;
    private static final int LORA_RANK = 8;
    /** C = 0.1, as in the short DP run of docs/benchmarks.md (DP-SGD): most per-example gradients are clipped. */
    private static final double CLIP_NORM = 0.1;
    private static final long SEED = 25;
    /** Adam learning rates per method: the usual ranges for each kind of tuning, not searched on the sensitive data. */
    private static final Map<String, Double> LEARNING_RATES = Map.of("prompt", 0.01, "lora", 0.003, "full", 0.0001);

    private ResultsTable() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        List<String> methods = List.of(options.getOrDefault("methods", "prompt,lora,full").split(","));
        List<String> epsilons = List.of(options.getOrDefault("epsilons", "1,4,8,inf").split(","));
        int steps = Integer.parseInt(options.getOrDefault("steps", "50"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "32"));
        int records = Integer.parseInt(options.getOrDefault("records", "400"));
        int maxNewTokens = Integer.parseInt(options.getOrDefault("maxNewTokens", "64"));
        Path out = Path.of(options.getOrDefault("out", "target/results/results.jsonl"));
        Path modelDirectory = Path.of(options.getOrDefault("model", "models/dpsynth-gpt2-small"));
        Files.createDirectories(out.toAbsolutePath().getParent());

        List<LabeledText> train = new ArrayList<>();
        List<LabeledText> test = new ArrayList<>();
        read(Path.of("data/demo/sensitive.jsonl.gz"), train, test);
        TreeSet<String> labels = new TreeSet<>();
        train.forEach(record -> labels.add(record.label()));
        UtilityEvaluator evaluator = new UtilityEvaluator(TfidfLogisticRegression.defaults(),
                EmbedderFactory.tfidf(TfidfEmbedder.DEFAULT_DIMENSIONS), MauveSettings.defaults(SEED));
        RealReference real = RealReference.prepare(TfidfLogisticRegression.defaults(), train, test);
        System.out.printf(Locale.ROOT, "train %d, test %d, labels %s; real->real accuracy %.4f macro-F1 %.4f%n", train.size(),
                test.size(), labels, real.realToReal().accuracy(), real.realToReal().macroF1());

        try (LanguageModel language = LanguageModel.load(modelDirectory, Device.cpu())) {
            PrefixLmEncoder encoder = new PrefixLmEncoder(language.tokenizer(), PrefixLmEncoder.DEFAULT_TEMPLATE,
                    Math.min(MAX_TOKENS, language.maxSequenceLength() - VIRTUAL_TOKENS + 1));
            List<PrefixLmExample> examples = train.stream().map(r -> encoder.encode(r.label(), r.text())).toList();
            for (String method : methods) {
                for (String epsilonText : epsilons) {
                    double epsilon = "inf".equals(epsilonText) ? Double.POSITIVE_INFINITY : Double.parseDouble(epsilonText);
                    Map<String, Object> row = cell(language, examples, labels, evaluator, real, method, epsilon, steps, batch,
                            records, maxNewTokens);
                    String line = new ObjectMapper().writeValueAsString(row);
                    System.out.println(line);
                    Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
        }
    }

    private static Map<String, Object> cell(LanguageModel language, List<PrefixLmExample> examples, TreeSet<String> labels,
                                            UtilityEvaluator evaluator, RealReference real, String method, double epsilon,
                                            int steps, int batch, int records, int maxNewTokens) throws Exception {
        long started = System.nanoTime();
        boolean isPrivate = Double.isFinite(epsilon);
        double sigma = isPrivate
                ? DpSgdCalibration.calibrate(examples.size(), batch, steps, epsilon, DELTA, DpSgdAccountant.PLD).noiseMultiplier()
                : 0;
        DpSgdSettings settings = new DpSgdSettings(steps, batch, LEARNING_RATES.get(method), CLIP_NORM, sigma, 16,
                NoiseMode.SEEDED, SEED);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("method", method);
        row.put("epsilon", isPrivate ? epsilon : "inf");
        row.put("delta", DELTA);
        row.put("sigma", sigma);
        row.put("steps", steps);
        row.put("expectedBatch", batch);
        row.put("learningRate", settings.learningRate());
        try (Tuner tuner = tuner(language, method)) {
            DpSgdRun run = new DpSgdTrainer(language.model(), tuner, settings).train(examples, progress(method, steps));
            row.put("trainingSeconds", seconds(started));
            row.put("lastBatchLoss", run.lastLoss());
            long generationStart = System.nanoTime();
            List<LabeledText> synthetic = new ArrayList<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String label : labels) {
                counts.put(label, records / labels.size());
            }
            SyntheticGenerator generator = new SyntheticGenerator(language.model(), language.tokenizer(), tuner,
                    PrefixLmEncoder.DEFAULT_TEMPLATE, language.maxSequenceLength());
            GenerationSummary summary = generator.generate(counts,
                    new GenerationSettings(maxNewTokens, 1.0, 0, 1.0, SEED, true), 32,
                    batchRecords -> batchRecords.forEach(r -> synthetic.add(new LabeledText(r.text(), r.label()))), () -> false);
            row.put("syntheticRecords", summary.kept());
            row.put("dropped", summary.dropped());
            row.put("generationSeconds", seconds(generationStart));
            UtilityReport report = evaluator.evaluate(synthetic, real);
            row.put("accuracy", report.downstream().syntheticToReal().accuracy());
            row.put("macroF1", report.downstream().syntheticToReal().macroF1());
            row.put("realToRealAccuracy", report.downstream().realToReal().accuracy());
            row.put("mauve", report.mauve().result().score());
            row.put("mauveEmbedding", report.mauve().embedding());
        }
        row.put("seconds", seconds(started));
        return row;
    }

    private static Tuner tuner(LanguageModel language, String method) {
        return switch (method) {
            case "prompt" -> PromptTuner.initialize(language.model(), VIRTUAL_TOKENS, SEED);
            case "lora" -> LoraTuner.initialize(language.model(), LORA_RANK, 2f * LORA_RANK, SEED);
            case "full" -> FullFineTuner.initialize(language.model());
            default -> throw new IllegalArgumentException("method must be prompt, lora or full: " + method);
        };
    }

    private static TrainingMonitor progress(String method, int steps) {
        return new TrainingMonitor() {
            @Override
            public void stepDone(int step, int batchSize, double meanLoss) {
                if (step % 10 == 0) {
                    System.out.printf(Locale.ROOT, "  %s step %d/%d batch %d loss %.4f%n", method, step, steps, batchSize, meanLoss);
                }
            }
        };
    }

    private static void read(Path file, List<LabeledText> train, List<LabeledText> test) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode record = json.readTree(line);
                LabeledText text = new LabeledText(record.path("text").asText(), record.path("label").asText());
                ("test".equals(record.path("split").asText()) ? test : train).add(text);
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("arguments are key=value, got " + arg);
            }
            options.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        return options;
    }

    private static double seconds(long since) {
        return Math.round((System.nanoTime() - since) / 1e7) / 100.0;
    }
}
