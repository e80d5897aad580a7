package io.dpsynth.evaluation.lm;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import io.dpsynth.dedup.DemoData;
import io.dpsynth.evaluation.mauve.Mauve;
import io.dpsynth.evaluation.mauve.MauveSettings;
import io.dpsynth.evaluation.mauve.TextEmbedder;
import io.dpsynth.evaluation.sentence.MiniLmEmbedder;
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
 * MAUVE sanity values on the bundled model's mean-pooled embeddings and on MiniLM (docs/evaluation.md): two disjoint halves
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
        Sets sets = sets();
        try (LanguageModel model = LanguageModel.load(Path.of("../models/dpsynth-gpt2-small"), Device.cpu())) {
            compare(new ModelEmbedder(model), sets);
        }
    }

    /** Texts cut to their first 2,000 characters: whole addresses would take minutes through MiniLM's 510-piece windows. */
    @Test
    void mauveOnMiniLmEmbeddings() throws Exception {
        Sets all = sets();
        java.util.function.UnaryOperator<List<String>> cut = texts -> texts.stream()
                .map(text -> text.substring(0, Math.min(text.length(), 2000))).toList();
        compare(new MiniLmEmbedder(), new Sets(cut.apply(all.first()), cut.apply(all.second()),
                cut.apply(all.literature()), cut.apply(all.shuffledWords())));
    }

    private record Sets(List<String> first, List<String> second, List<String> literature, List<String> shuffledWords) {
    }

    private static Sets sets() throws java.io.IOException {
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

        return new Sets(first, second, literature, shuffledWords);
    }

    private static void compare(TextEmbedder embedder, Sets sets) {
        long start = System.nanoTime();
        double[][] a = embedder.embed(sets.first());
        double[][] b = embedder.embed(sets.second());
        double[][] c = embedder.embed(sets.literature());
        double[][] d = embedder.embed(sets.shuffledWords());
        System.out.printf("%s: embedded %d texts (%d cut) in %.1f s%n", embedder.name(), a.length + b.length + c.length
                + d.length, embedder.truncatedTexts(), (System.nanoTime() - start) / 1e9);
        report(embedder.name() + ", sensitive half vs other sensitive half", a, b);
        report(embedder.name() + ", sensitive half vs State of the Union + Moby Dick (" + c.length + ")", a, c);
        report(embedder.name() + ", sensitive half vs other half with words shuffled", a, d);
        report(embedder.name() + ", sensitive half vs itself", a, a.clone());
    }

    private static void report(String what, double[][] p, double[][] q) {
        Mauve.Result result = Mauve.compute(p, q, SETTINGS);
        System.out.printf("MAUVE %s: %.4f (%d clusters, %d PCA components)%n", what, result.score(), result.clusters(),
                result.pcaComponents());
    }
}
