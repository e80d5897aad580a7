package io.dpsynth.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from one row of logits: arg-max at temperature 0, otherwise temperature, top-k and
 * top-p (nucleus) filtering and a draw from the caller's random stream. Runs in Java so that a seed gives the
 * same tokens on every device.
 */
final class Sampler {

    private final GenerationSettings settings;

    Sampler(GenerationSettings settings) {
        this.settings = settings;
    }

    /** Samples from {@code logits[offset, offset + vocabulary)}. */
    int sample(float[] logits, int offset, int vocabulary, SplittableRandom random) {
        if (settings.temperature() == 0) {
            return argMax(logits, offset, vocabulary);
        }
        boolean filtered = (settings.topK() > 0 && settings.topK() < vocabulary) || settings.topP() < 1;
        int[] candidates = filtered ? byDescendingLogit(logits, offset, vocabulary) : null;
        int count = candidates == null ? vocabulary : Math.min(vocabulary, settings.topK() > 0 ? settings.topK() : vocabulary);
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, logits[offset + token(candidates, i)]);
        }
        double[] weights = new double[count];
        double total = 0;
        for (int i = 0; i < count; i++) {
            weights[i] = Math.exp((logits[offset + token(candidates, i)] - max) / settings.temperature());
            total += weights[i];
        }
        if (settings.topP() < 1) {
            // candidates are sorted, so the nucleus is a prefix of them
            double kept = 0;
            int nucleus = 0;
            while (nucleus < count && kept < settings.topP() * total) {
                kept += weights[nucleus++];
            }
            count = Math.max(1, nucleus);
            total = kept;
        }
        double draw = random.nextDouble() * total;
        for (int i = 0; i < count; i++) {
            draw -= weights[i];
            if (draw < 0) {
                return token(candidates, i);
            }
        }
        return token(candidates, count - 1);
    }

    private static int token(int[] candidates, int rank) {
        return candidates == null ? rank : candidates[rank];
    }

    static int argMax(float[] logits, int offset, int vocabulary) {
        int best = 0;
        for (int i = 1; i < vocabulary; i++) {
            if (logits[offset + i] > logits[offset + best]) {
                best = i;
            }
        }
        return best;
    }

    /** Token ids sorted by logit, largest first (ties: lower id first), via one primitive sort. */
    private static int[] byDescendingLogit(float[] logits, int offset, int vocabulary) {
        long[] keys = new long[vocabulary];
        for (int i = 0; i < vocabulary; i++) {
            int bits = Float.floatToIntBits(-logits[offset + i]);
            int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
            keys[i] = ((long) sortable << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[vocabulary];
        for (int i = 0; i < vocabulary; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }
}
