package io.dpsynth.dpsgd;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpsynth.model.LanguageModel;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * The acceptance run of DP prompt tuning on the bundled data and model (not a test): DP-SGD at (ε, δ) on the
 * 'train' split of data/demo/sensitive.jsonl.gz, held-out Prefix-LM loss on the 'test' split before (untuned
 * prompt) and after, and the adapter written, read back and re-evaluated. Prints counts and losses only.
 * Arguments (all optional): MODEL_DIR STEPS EXPECTED_BATCH EPSILON LEARNING_RATE HELD_OUT_RECORDS CLIP_NORM; see
 * docs/benchmarks.md for the command.
 */
public final class DpPromptTuningDemo {

    private static final double DELTA = 1e-5;
    private static final int MAX_TOKENS = 128;
    private static final int VIRTUAL_TOKENS = 20;

    private DpPromptTuningDemo() {
    }

    public static void main(String[] args) throws IOException {
        Path modelDirectory = Path.of(argument(args, 0, "models/dpsynth-gpt2-small"));
        int steps = Integer.parseInt(argument(args, 1, "100"));
        int expectedBatch = Integer.parseInt(argument(args, 2, "32"));
        double epsilon = Double.parseDouble(argument(args, 3, "4"));
        double learningRate = Double.parseDouble(argument(args, 4, "0.03"));
        int heldOutRecords = Integer.parseInt(argument(args, 5, "256"));
        double clipNorm = Double.parseDouble(argument(args, 6, "1.0"));
        long started = System.nanoTime();
        try (LanguageModel language = LanguageModel.load(modelDirectory, Device.cpu())) {
            PrefixLmEncoder encoder = new PrefixLmEncoder(language.tokenizer(), PrefixLmEncoder.DEFAULT_TEMPLATE,
                    Math.min(MAX_TOKENS, language.maxSequenceLength() - VIRTUAL_TOKENS + 1));
            List<PrefixLmExample> train = new ArrayList<>();
            List<PrefixLmExample> heldOut = new ArrayList<>();
            TreeSet<String> labels = new TreeSet<>();
            read(Path.of("data/demo/sensitive.jsonl.gz"), encoder, train, heldOut, labels);
            heldOut = heldOut.subList(0, Math.min(heldOutRecords, heldOut.size()));
            DpSgdCalibration calibration = DpSgdCalibration.calibrate(train.size(), expectedBatch, steps, epsilon, DELTA,
                    DpSgdAccountant.PLD);
            System.out.printf("model %s (fingerprint %s), train %d records (%d truncated to %d tokens), held-out %d, labels %s%n",
                    modelDirectory, language.fingerprint(), train.size(), train.stream().filter(PrefixLmExample::truncated).count(),
                    encoder.maxTokens(), heldOut.size(), labels);
            System.out.printf("epsilon %.2f delta %.0e: q %.5f, sigma %.4f, steps %d, C %s, lr %s, %d virtual tokens%n",
                    epsilon, DELTA, calibration.samplingRate(), calibration.noiseMultiplier(), steps, clipNorm, learningRate,
                    VIRTUAL_TOKENS);
            DpSgdSettings settings = new DpSgdSettings(steps, expectedBatch, learningRate, clipNorm,
                    calibration.noiseMultiplier(), 16, NoiseMode.SECURE, 0);
            try (PromptTuner tuner = PromptTuner.initialize(language.model(), VIRTUAL_TOKENS, 0)) {
                double before = PrefixLmEvaluator.meanLoss(language.model(), tuner, heldOut, 16);
                System.out.printf("held-out loss with the untuned prompt: %.4f%n", before);
                long trainingStart = System.nanoTime();
                DpSgdRun run = new DpSgdTrainer(language.model(), tuner, settings).train(train, new TrainingMonitor() {
                    @Override
                    public void stepDone(int step, int batchSize, double meanLoss) {
                        if (step % 10 == 0) {
                            System.out.printf("  step %d/%d batch %d loss %.4f (%.1f s)%n", step, steps, batchSize, meanLoss,
                                    (System.nanoTime() - trainingStart) / 1e9);
                        }
                    }
                });
                double trainingSeconds = (System.nanoTime() - trainingStart) / 1e9;
                double after = PrefixLmEvaluator.meanLoss(language.model(), tuner, heldOut, 16);
                double spent = DpSgdAccountant.PLD.create().epsilon(calibration.event(run.stepsRun()), DELTA);
                ByteArrayOutputStream zip = new ByteArrayOutputStream();
                PeftAdapterArchive.write(zip, tuner, language.model().config(), new AdapterMetadata(language.fingerprint(),
                        encoder.template(), List.copyOf(labels), train.size(), 0, encoder.maxTokens(), calibration,
                        run.stepsRun(), spent, clipNorm, expectedBatch, learningRate, NoiseMode.SECURE));
                Path out = Path.of("target/dp-demo/adapter.zip");
                Files.createDirectories(out.getParent());
                Files.write(out, zip.toByteArray());
                double reloaded;
                try (Tuner back = PeftAdapterArchive.read(new ByteArrayInputStream(zip.toByteArray()), language.model())) {
                    reloaded = PrefixLmEvaluator.meanLoss(language.model(), back, heldOut, 16);
                }
                System.out.printf("held-out loss after DP prompt tuning: %.4f (untuned %.4f, change %+.4f)%n", after, before, after - before);
                System.out.printf("adapter %s: %d bytes; read back, held-out loss %.4f%n", out, zip.size(), reloaded);
                System.out.printf("steps %d, sampled examples %d, clipped %.1f %%, epsilon spent (PLD) %.4f; training %.1f s "
                                + "(%.2f s/step), whole run %.1f s%n", run.stepsRun(), run.examplesSampled(),
                        100 * run.clippedFraction(), spent, trainingSeconds, trainingSeconds / run.stepsRun(),
                        (System.nanoTime() - started) / 1e9);
            }
        }
    }

    private static void read(Path file, PrefixLmEncoder encoder, List<PrefixLmExample> train, List<PrefixLmExample> heldOut,
                             TreeSet<String> labels) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode record = json.readTree(line);
                String label = record.path("label").asText();
                labels.add(label);
                PrefixLmExample example = encoder.encode(label, record.path("text").asText());
                ("test".equals(record.path("split").asText()) ? heldOut : train).add(example);
            }
        }
    }

    private static String argument(String[] args, int index, String fallback) {
        return args.length > index ? args[index] : fallback;
    }
}
