package io.dpsynth.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of every attention layer for the positions processed so far, so that generation feeds
 * only the new token each step. Each layer's buffer {@code [batch, heads, capacity, headSize]} is allocated
 * once and filled in place: growing it by concatenation would copy the whole cache every step. Owns its
 * buffers in its own manager; close it when the generation ends.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final int capacity;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final long[] filled;

    /** @param capacity most positions the cache will hold (prefix + prompt + new tokens) */
    public KvCache(NDManager parent, int layers, int capacity) {
        this.manager = parent.newSubManager();
        this.capacity = capacity;
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
        this.filled = new long[layers];
    }

    /** Number of positions cached (the same in every layer once a forward pass has finished). */
    public long length() {
        return filled[filled.length - 1];
    }

    /**
     * Writes a layer's new keys/values {@code [batch, heads, new, headSize]} after the cached ones and returns
     * views of all of them, attached to the manager of {@code newKeys} (the caller's pass).
     */
    NDArray[] append(int layer, NDArray newKeys, NDArray newValues) {
        Shape shape = newKeys.getShape();
        long start = filled[layer];
        long end = start + shape.get(2);
        if (end > capacity) {
            throw new IllegalStateException("key/value cache holds " + capacity + " positions, " + end + " needed");
        }
        if (keys[layer] == null) {
            Shape full = new Shape(shape.get(0), shape.get(1), capacity, shape.get(3));
            keys[layer] = manager.zeros(full);
            values[layer] = manager.zeros(full);
        }
        NDIndex written = new NDIndex(":, :, {}:{}", start, end);
        keys[layer].set(written, newKeys);
        values[layer].set(written, newValues);
        filled[layer] = end;
        NDIndex used = new NDIndex(":, :, :{}", end);
        NDArray keyView = keys[layer].get(used);
        NDArray valueView = values[layer].get(used);
        keyView.attach(newKeys.getManager());
        valueView.attach(newKeys.getManager());
        return new NDArray[] {keyView, valueView};
    }

    @Override
    public void close() {
        manager.close();
    }
}
