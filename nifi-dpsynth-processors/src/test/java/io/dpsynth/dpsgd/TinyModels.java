package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDManager;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.model.Gpt2Weights;

import java.util.ArrayList;
import java.util.List;

/** Test fixtures: a tiny randomly initialised GPT-2 and planted Prefix-LM datasets of token ids. */
final class TinyModels {

    /** Vocabulary 64 (63 = end of text), 32 positions, d = 32, 2 layers, 4 heads. */
    static final Gpt2Config CONFIG = Gpt2Config.of(64, 32, 32, 2, 4);

    private TinyModels() {
    }

    /**
     * GPT-2's seeded initialisation with every matrix scaled by {@code scale}: at scale 1 attention is uniform and
     * the logits nearly so whatever the input, so a soft prompt has little to steer; larger scales make it learnable.
     */
    static Gpt2Model model(NDManager manager, long seed, float scale) {
        Gpt2Weights weights = Gpt2Weights.initialize(CONFIG, manager, seed);
        weights.tensors().values().stream().filter(t -> t.getShape().dimension() == 2).forEach(t -> t.muli(scale));
        return new Gpt2Model(weights);
    }

    /** Examples of different lengths: prefix {label}, then a planted continuation, then end-of-text. */
    static List<PrefixLmExample> planted(int count) {
        List<PrefixLmExample> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int label = 1 + i % 2;
            int length = 4 + i % 5;
            long[] tokens = new long[1 + length + 1];
            tokens[0] = label;
            for (int t = 0; t < length; t++) {
                tokens[1 + t] = 10 + label * 10 + t; // the label determines the sequence
            }
            tokens[tokens.length - 1] = 63;
            examples.add(new PrefixLmExample(tokens, 1, false));
        }
        return examples;
    }
}
