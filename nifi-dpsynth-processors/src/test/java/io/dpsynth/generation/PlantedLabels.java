package io.dpsynth.generation;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.dpsynth.dpsgd.DpSgdSettings;
import io.dpsynth.dpsgd.DpSgdTrainer;
import io.dpsynth.dpsgd.LoraTuner;
import io.dpsynth.dpsgd.NoiseMode;
import io.dpsynth.dpsgd.PrefixLmEncoder;
import io.dpsynth.dpsgd.PrefixLmExample;
import io.dpsynth.dpsgd.TrainingMonitor;
import io.dpsynth.evaluation.LabeledText;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.model.Gpt2Weights;
import io.dpsynth.model.LanguageModel;
import io.dpsynth.model.TinyModelDirectory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test fixture: a tiny byte-level GPT-2 directory whose random matrices are scaled up (so an adapter has something
 * to steer), labelled texts whose words depend on the label, and a LoRA adapter tuned on them with DP-SGD.
 */
final class PlantedLabels {

    /** Byte vocabulary (257), 64 positions, d = 32, 2 layers, 4 heads. */
    static final Gpt2Config CONFIG = Gpt2Config.of(257, 64, 32, 2, 4);
    static final String TEMPLATE = PrefixLmEncoder.DEFAULT_TEMPLATE;

    private PlantedLabels() {
    }

    /**
     * Writes the model directory and loads it. The token embedding, which is also the LM head, is scaled by
     * {@code embeddingScale}: at GPT-2's initial scale no hidden state can give any token a logit much above the
     * rest, so the tuned loss could not fall far below log(vocabulary) whatever the adapter learns.
     */
    static LanguageModel model(Path directory, long seed, float embeddingScale, float scale) throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
             Gpt2Weights weights = Gpt2Weights.initialize(CONFIG, manager, seed)) {
            weights.tensors().values().stream().filter(t -> t.getShape().dimension() == 2).forEach(t -> t.muli(scale));
            weights.tensors().get("wte.weight").muli(embeddingScale / scale);
            weights.save(directory);
        }
        TinyModelDirectory.writeByteTokenizer(directory.resolve(LanguageModel.TOKENIZER_FILE));
        return LanguageModel.load(directory, Device.cpu());
    }

    /** Label "a": words of 1–4 'x'; label "b": words of 1–4 'o'; 2–4 words each. */
    static List<LabeledText> texts(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LabeledText> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String label = i % 2 == 0 ? "a" : "b";
            String letter = label.equals("a") ? "x" : "o";
            List<String> words = new ArrayList<>();
            int length = 2 + random.nextInt(3);
            for (int w = 0; w < length; w++) {
                words.add(letter.repeat(1 + random.nextInt(4)));
            }
            texts.add(new LabeledText(String.join(" ", words), label));
        }
        return texts;
    }

    /** A rank-8 LoRA adapter tuned with DP-SGD (noise multiplier 0.01: the test is about conditioning) on {@code texts}. */
    static LoraTuner tune(LanguageModel language, List<LabeledText> texts, int steps) {
        PrefixLmEncoder encoder = new PrefixLmEncoder(language.tokenizer(), TEMPLATE, 32);
        List<PrefixLmExample> examples = texts.stream().map(t -> encoder.encode(t.label(), t.text())).toList();
        LoraTuner tuner = LoraTuner.initialize(language.model(), 8, 32, 3);
        DpSgdSettings settings = new DpSgdSettings(steps, 32, 0.01, 1.0, 0.01, 32, NoiseMode.SEEDED, 5);
        new DpSgdTrainer(language.model(), tuner, settings).train(examples, TrainingMonitor.NONE);
        return tuner;
    }
}
