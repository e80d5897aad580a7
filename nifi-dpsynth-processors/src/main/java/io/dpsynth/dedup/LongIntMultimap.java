package io.dpsynth.dedup;

import java.util.function.IntConsumer;

/**
 * long → int multimap in two parallel primitive arrays with linear probing; a key may occur many
 * times. 12 bytes per slot and no per-entry objects. Used for LSH buckets (band key → record
 * ordinal). Not thread-safe while adding; safe for concurrent reads once built and published.
 */
final class LongIntMultimap {

    private static final double MAX_LOAD = 0.75;
    private static final long EMPTY = 0;

    private long[] keys;
    private int[] values;
    private int size;

    LongIntMultimap(int expected) {
        int capacity = Integer.highestOneBit((int) Math.max(16, expected / MAX_LOAD)) << 1;
        keys = new long[capacity];
        values = new int[capacity];
    }

    void put(long key, int value) {
        if (size + 1 > keys.length * MAX_LOAD) {
            resize();
        }
        insert(keys, values, storable(key), value);
        size++;
    }

    /** Calls {@code consumer} with every value stored under {@code key}. */
    void forEach(long key, IntConsumer consumer) {
        long wanted = storable(key);
        int mask = keys.length - 1;
        for (int i = (int) wanted & mask; keys[i] != EMPTY; i = (i + 1) & mask) {
            if (keys[i] == wanted) {
                consumer.accept(values[i]);
            }
        }
    }

    long memoryBytes() {
        return 12L * keys.length;
    }

    private void resize() {
        if (keys.length >= (1 << 30)) {
            throw new IllegalStateException("LSH table full");
        }
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                insert(keys, values, oldKeys[i], oldValues[i]);
            }
        }
    }

    private static void insert(long[] keys, int[] values, long key, int value) {
        int mask = keys.length - 1;
        int i = (int) key & mask;
        while (keys[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
    }

    /** 0 marks an empty slot; folding it onto 1 only adds a candidate, which is verified anyway. */
    private static long storable(long key) {
        return key == EMPTY ? 1 : key;
    }
}
