package io.dpsynth.pretrain;

import ai.djl.ndarray.NDManager;
import io.dpsynth.corpus.HeldOutSplit;
import io.dpsynth.corpus.JsonLinesCorpus;
import io.dpsynth.corpus.PublicDocument;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.model.Gpt2Weights;
import io.dpsynth.tokenizer.TextTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command that pre-trains the bundled GPT-2 (non-private, public text only) and writes a Hugging Face model
 * directory: {@code config.json}, {@code model.safetensors}, {@code tokenizer.json} and {@code training.json}
 * (recipe, corpus and tokenizer hashes, loss history). Documents of {@link HeldOutSplit} are held out for
 * perplexity, as they were for the tokenizer. Options ({@code --name value}, all optional):
 * <pre>
 *   --corpus data/demo/public-dedup.jsonl.gz   --tokenizer models/dpsynth-gpt2-small/tokenizer.json
 *   --output target/pretrained                  --layers 4 --embedding 256 --heads 4 --positions (= context)
 *   --context 256 --batch 16 --steps 1000 --learning-rate 1e-3 --warmup (steps/10, at most 200)
 *   --min-lr-fraction 0.1 --weight-decay 0.1 --clip 1.0 --evaluate-every (steps/10) --evaluation-batches 20 --seed 1
 * </pre>
 * Prints counts, losses and timings only — never corpus text. See docs/model.md for the command line.
 */
public final class PretrainLanguageModel {

    private PretrainLanguageModel() {
    }

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        Map<String, String> options = parse(args);
        // before DJL starts: offline, no telemetry (the environment variables OMP_WAIT_POLICY etc. cannot be set here)
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        if (System.getenv("OMP_WAIT_POLICY") == null) {
            System.err.println("warning: OMP_WAIT_POLICY is not set; export OMP_WAIT_POLICY=PASSIVE when the cores are shared");
        }
        Path corpus = Path.of(options.getOrDefault("corpus", "data/demo/public-dedup.jsonl.gz"));
        Path tokenizerJson = Path.of(options.getOrDefault("tokenizer", "models/dpsynth-gpt2-small/tokenizer.json"));
        Path output = Path.of(options.getOrDefault("output", "target/pretrained"));
        int steps = Integer.parseInt(options.getOrDefault("steps", "1000"));
        int context = Integer.parseInt(options.getOrDefault("context", "256"));
        PretrainSettings settings = new PretrainSettings(context,
                Integer.parseInt(options.getOrDefault("batch", "16")), steps,
                Double.parseDouble(options.getOrDefault("learning-rate", "1e-3")),
                Integer.parseInt(options.getOrDefault("warmup", String.valueOf(Math.min(200, steps / 10)))),
                Double.parseDouble(options.getOrDefault("min-lr-fraction", "0.1")),
                Double.parseDouble(options.getOrDefault("weight-decay", "0.1")),
                Double.parseDouble(options.getOrDefault("clip", "1.0")),
                Integer.parseInt(options.getOrDefault("evaluate-every", String.valueOf(Math.max(1, steps / 10)))),
                Integer.parseInt(options.getOrDefault("evaluation-batches", "20")),
                Long.parseLong(options.getOrDefault("seed", "1")));

        long started = System.nanoTime();
        List<long[]> training = new ArrayList<>();
        List<long[]> heldOut = new ArrayList<>();
        Gpt2Config config;
        try (TextTokenizer tokenizer = TextTokenizer.load(tokenizerJson)) {
            for (PublicDocument document : JsonLinesCorpus.read(corpus)) {
                (HeldOutSplit.isHeldOut(document.id()) ? heldOut : training).add(tokenizer.encode(document.text()));
            }
            config = new Gpt2Config(tokenizer.vocabularySize(),
                    Integer.parseInt(options.getOrDefault("positions", String.valueOf(context))),
                    Integer.parseInt(options.getOrDefault("embedding", "256")),
                    Integer.parseInt(options.getOrDefault("layers", "4")),
                    Integer.parseInt(options.getOrDefault("heads", "4")),
                    1e-5, tokenizer.endOfTextId(), tokenizer.endOfTextId());
        }
        PackedSequences data = PackedSequences.pack(training, heldOut, config.eosTokenId(), context);
        System.out.printf("documents: %d training, %d held out; tokens: %d training, %d held out; sequences %d / %d (%.1f s)%n",
                training.size(), heldOut.size(), data.trainingTokens(), data.heldOutTokens(), data.training().length,
                data.heldOut().length, (System.nanoTime() - started) / 1e9);
        System.out.printf("model: %d layers, d=%d, %d heads, %d positions, vocabulary %d, %d parameters%n", config.layers(),
                config.embeddingSize(), config.heads(), config.maxPositions(), config.vocabularySize(), config.parameterCount());
        double epochs = (double) settings.steps() * settings.batchSize() * context / Math.max(1, data.trainingTokens());
        System.out.printf("training: %d steps x %d x %d tokens = %.2f epochs%n", settings.steps(), settings.batchSize(), context, epochs);

        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("corpus", corpus.getFileName().toString());
        provenance.put("corpusSha256", sha256(corpus));
        provenance.put("tokenizerSha256", sha256(tokenizerJson));
        provenance.put("heldOut", "HeldOutSplit (SHA-256 of the document id mod 20 == 0)");
        Files.createDirectories(output);
        Files.copy(tokenizerJson, output.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
        try (NDManager manager = NDManager.newBaseManager();
             Gpt2Weights weights = Gpt2Weights.initialize(config, manager, settings.seed())) {
            Pretrainer.Result result = new Pretrainer(settings, System.out::println).train(weights, data, output, provenance);
            System.out.printf("done: held-out perplexity %.2f, %.0f training tokens/s, %.1f min in total; model in %s%n",
                    result.heldOutPerplexity(), result.tokensPerSecond(), (System.nanoTime() - started) / 6e10, output);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
