package io.dpsynth.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keys and values of every attention layer for the positions processed so far ({@code [batch, heads, length,
 * headSize]} per layer), so that generation feeds only the new token each step. Owns its arrays in its own
 * manager; close it when the generation ends.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private long length;

    public KvCache(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Number of positions cached (the same in every layer once a forward pass has finished). */
    public long length() {
        return length;
    }

    /** Appends a layer's new keys/values and returns all of them; the last layer advances {@link #length()}. */
    NDArray[] append(int layer, NDArray newKeys, NDArray newValues) {
        keys[layer] = concatenate(keys[layer], newKeys);
        values[layer] = concatenate(values[layer], newValues);
        if (layer == keys.length - 1) {
            length = keys[layer].getShape().get(2);
        }
        return new NDArray[] {keys[layer], values[layer]};
    }

    private NDArray concatenate(NDArray cached, NDArray fresh) {
        NDArray merged = cached == null ? fresh.duplicate() : cached.concat(fresh, 2);
        merged.attach(manager);
        if (cached != null) {
            cached.close();
        }
        return merged;
    }

    @Override
    public void close() {
        manager.close();
    }
}
