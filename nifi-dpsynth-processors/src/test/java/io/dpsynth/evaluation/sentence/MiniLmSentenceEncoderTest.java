package io.dpsynth.evaluation.sentence;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled MiniLM encoder starts offline and puts paraphrases closer than unrelated sentences. */
class MiniLmSentenceEncoderTest {

    @Test
    void encodesToUnitVectorsThatReflectMeaning() {
        List<String> texts = List.of("The cat sat on the mat.", "A kitten was sitting on a rug.",
                "Quarterly revenue rose by ten percent.", " ");
        double[][] vectors = MiniLmSentenceEncoder.encode(texts);
        assertEquals(4, vectors.length);
        for (int i = 0; i < 3; i++) {
            assertEquals(MiniLmSentenceEncoder.DIMENSIONS, vectors[i].length);
            assertEquals(1.0, dot(vectors[i], vectors[i]), 1e-4);
        }
        assertArrayEquals(new double[MiniLmSentenceEncoder.DIMENSIONS], vectors[3]); // blank: the zero vector
        double paraphrase = dot(vectors[0], vectors[1]);
        double unrelated = dot(vectors[0], vectors[2]);
        assertTrue(paraphrase > unrelated + 0.2, paraphrase + " vs " + unrelated);
        assertArrayEquals(vectors[2], MiniLmSentenceEncoder.encode(List.of(texts.get(2)))[0], 1e-6);
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
