package io.dpsynth.model;

import ai.djl.ndarray.NDArray;

import java.util.HashMap;
import java.util.Map;

/**
 * Low-rank deltas added to the attention projections of chosen layers: {@code y = x·W + b + scale·(x·A)·B}
 * with {@code A [in, r]} and {@code B [r, out]} (or {@code [batch, in, r]} / {@code [batch, r, out]} for
 * per-example adapters). The frozen weights are never copied or changed.
 */
public final class LoraAdapters {

    /** Where a delta applies: the fused query/key/value projection or the attention output projection. */
    public enum Target {
        ATTENTION_QKV, ATTENTION_OUTPUT
    }

    /** One low-rank delta. */
    public record Delta(NDArray a, NDArray b, float scale) {
        NDArray apply(NDArray input) {
            return input.matMul(a).matMul(b).mul(NativeArrays.scalar(input.getManager(), scale));
        }
    }

    private static final LoraAdapters NONE = new LoraAdapters(Map.of());

    private final Map<String, Delta> deltas;

    private LoraAdapters(Map<String, Delta> deltas) {
        this.deltas = deltas;
    }

    public static LoraAdapters none() {
        return NONE;
    }

    /** A copy of these adapters with {@code delta} on {@code target} of {@code layer}. */
    public LoraAdapters with(int layer, Target target, Delta delta) {
        Map<String, Delta> copy = new HashMap<>(deltas);
        copy.put(key(layer, target), delta);
        return new LoraAdapters(Map.copyOf(copy));
    }

    /** Whether there is no delta at all (the base model unchanged). */
    public boolean isEmpty() {
        return deltas.isEmpty();
    }

    /** The delta for a layer's projection, or null. */
    Delta get(int layer, Target target) {
        return deltas.get(key(layer, target));
    }

    private static String key(int layer, Target target) {
        return layer + "/" + target;
    }
}
