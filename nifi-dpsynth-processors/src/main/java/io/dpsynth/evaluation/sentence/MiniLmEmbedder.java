package io.dpsynth.evaluation.sentence;

import io.dpsynth.evaluation.mauve.EmbedderFactory;
import io.dpsynth.evaluation.mauve.TextEmbedder;

import java.util.List;
import java.util.Optional;

/** MAUVE features from the MiniLM sentence encoder ({@link MiniLmSentenceEncoder}); fixed, so vectors are reusable. */
public final class MiniLmEmbedder implements TextEmbedder {

    private static final MiniLmEmbedder INSTANCE = new MiniLmEmbedder();

    public static EmbedderFactory factory() {
        return (synthetic, real) -> INSTANCE;
    }

    @Override
    public String name() {
        return MiniLmSentenceEncoder.NAME;
    }

    @Override
    public double[][] embed(List<String> texts) {
        return MiniLmSentenceEncoder.encode(texts);
    }

    @Override
    public Optional<String> reuseKey() {
        return Optional.of(MiniLmSentenceEncoder.NAME);
    }
}
