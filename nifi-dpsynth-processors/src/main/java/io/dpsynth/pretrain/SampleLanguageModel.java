package io.dpsynth.pretrain;

import ai.djl.ndarray.NDManager;
import io.dpsynth.model.GenerationSettings;
import io.dpsynth.model.Generator;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.model.Gpt2Weights;
import io.dpsynth.tokenizer.TextTokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Prints samples of a model directory (config.json, model.safetensors, tokenizer.json) for docs/model.md.
 * Meant for the public pre-trained model: it prints generated text, so never point it at a model tuned on
 * sensitive data. Arguments: model directory, then optionally prompt, count, max new tokens, temperature,
 * top-k, top-p, seed. An empty prompt starts from end-of-text (unconditional samples).
 */
public final class SampleLanguageModel {

    private SampleLanguageModel() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        Path directory = Path.of(args.length > 0 ? args[0] : "models/dpsynth-gpt2-small");
        String prompt = args.length > 1 ? args[1] : "";
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        GenerationSettings settings = new GenerationSettings(args.length > 3 ? Integer.parseInt(args[3]) : 64,
                args.length > 4 ? Double.parseDouble(args[4]) : 0.8, args.length > 5 ? Integer.parseInt(args[5]) : 50,
                args.length > 6 ? Double.parseDouble(args[6]) : 0.95, args.length > 7 ? Long.parseLong(args[7]) : 1, true);
        try (NDManager manager = NDManager.newBaseManager();
             Gpt2Weights weights = Gpt2Weights.load(directory, manager);
             TextTokenizer tokenizer = TextTokenizer.load(directory.resolve("tokenizer.json"))) {
            long[] promptIds = prompt.isEmpty() ? new long[] {tokenizer.endOfTextId()} : tokenizer.encode(prompt);
            List<long[]> prompts = new ArrayList<>(Collections.nCopies(count, promptIds));
            long started = System.nanoTime();
            List<long[]> samples = new Generator(new Gpt2Model(weights)).generate(prompts, null, settings);
            double seconds = (System.nanoTime() - started) / 1e9;
            for (long[] sample : samples) {
                System.out.println("---");
                System.out.println(prompt + tokenizer.decode(sample));
            }
            System.out.printf("--- %d samples, %d tokens in %.1f s%n", count, samples.stream().mapToInt(s -> s.length).sum(), seconds);
        }
    }
}
