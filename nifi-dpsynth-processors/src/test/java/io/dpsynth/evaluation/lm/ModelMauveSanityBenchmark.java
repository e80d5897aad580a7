package io.dpsynth.evaluation.lm;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import io.dpsynth.dedup.DemoData;
import io.dpsynth.evaluation.mauve.Mauve;
import io.dpsynth.evaluation.mauve.MauveSettings;
import io.dpsynth.model.LanguageModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * MAUVE sanity values on the bundled model's mean-pooled embeddings (docs/evaluation.md): two disjoint halves
 * of the bundled sensitive set, and one half against clearly different text (State of the Union and Moby Dick
 * from the public corpus; the other half with its words shuffled). Opt-in with {@code -Ddpsynth.bench=true};
 * prints, asserts nothing.
 */
@EnabledIfSystemProperty(named = "dpsynth.bench", matches = "true")
class ModelMauveSanityBenchmark {

    private static final int HALF = 500;
    private static final MauveSettings SETTINGS = MauveSettings.defaults(25);

    @Test
    void mauveOnBundledModelEmbeddings() throws Exception {
        List<String> sensitive = new ArrayList<>(DemoData.texts("sensitive.jsonl.gz"));
        Collections.shuffle(sensitive, new Random(1));
        List<String> first = sensitive.subList(0, HALF);
        List<String> second = sensitive.subList(HALF, 2 * HALF);
        List<String> literature = DemoData.read("public.jsonl.gz").stream()
                .filter(r -> !r.get("source").asText().equals("spam-assassin")).map(r -> r.get("text").asText())
                .filter(text -> !text.isBlank()).toList();
        Random random = new Random(2);
        List<String> shuffledWords = second.stream().map(text -> {
            List<String> words = new ArrayList<>(Arrays.asList(text.split("\\s+")));
            Collections.shuffle(words, random);
            return String.join(" ", words);
        }).toList();

        try (LanguageModel model = LanguageModel.load(Path.of("../models/dpsynth-gpt2-small"), Device.cpu())) {
            long start = System.nanoTime();
            ModelEmbedder embedder = new ModelEmbedder(model);
            double[][] a = embedder.embed(first);
            double[][] b = embedder.embed(second);
            double[][] c = embedder.embed(literature);
            double[][] d = embedder.embed(shuffledWords);
            System.out.printf("embedded %d texts (%d cut to %d tokens) in %.1f s%n", 2 * HALF + literature.size()
                    + shuffledWords.size(), embedder.truncatedTexts(), model.maxSequenceLength(),
                    (System.nanoTime() - start) / 1e9);
            report("sensitive half vs other sensitive half", a, b);
            report("sensitive half vs State of the Union + Moby Dick (" + literature.size() + ")", a, c);
            report("sensitive half vs other half with words shuffled", a, d);
            report("sensitive half vs itself", a, a.clone());
        }
    }

    private static void report(String what, double[][] p, double[][] q) {
        Mauve.Result result = Mauve.compute(p, q, SETTINGS);
        System.out.printf("MAUVE %s: %.4f (%d clusters, %d PCA components)%n", what, result.score(), result.clusters(),
                result.pcaComponents());
    }
}
