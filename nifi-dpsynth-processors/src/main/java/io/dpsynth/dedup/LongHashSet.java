package io.dpsynth.dedup;

/**
 * A set of 64-bit hashes in one {@code long[]} with linear probing: 8 bytes per slot, no boxing,
 * no per-entry objects, so an index of hundreds of millions of window hashes stays compact.
 * Keys are expected to be well mixed already. Not thread-safe while adding; safe to read from
 * many threads once fully built and published.
 */
final class LongHashSet {

    private static final double MAX_LOAD = 0.75;

    private long[] slots;
    private boolean containsZero;
    private int size;

    LongHashSet(int expected) {
        slots = new long[capacityFor(expected)];
    }

    boolean add(long key) {
        if (key == 0) {
            boolean added = !containsZero;
            containsZero = true;
            size += added ? 1 : 0;
            return added;
        }
        if (size + 1 > slots.length * MAX_LOAD) {
            resize(slots.length * 2);
        }
        if (insert(slots, key)) {
            size++;
            return true;
        }
        return false;
    }

    boolean contains(long key) {
        if (key == 0) {
            return containsZero;
        }
        long[] table = slots;
        int mask = table.length - 1;
        for (int i = (int) key & mask; ; i = (i + 1) & mask) {
            long slot = table[i];
            if (slot == key) {
                return true;
            }
            if (slot == 0) {
                return false;
            }
        }
    }

    int size() {
        return size;
    }

    long memoryBytes() {
        return 8L * slots.length;
    }

    private void resize(int capacity) {
        long[] bigger = new long[capacity];
        for (long key : slots) {
            if (key != 0) {
                insert(bigger, key);
            }
        }
        slots = bigger;
    }

    private static boolean insert(long[] table, long key) {
        int mask = table.length - 1;
        for (int i = (int) key & mask; ; i = (i + 1) & mask) {
            long slot = table[i];
            if (slot == key) {
                return false;
            }
            if (slot == 0) {
                table[i] = key;
                return true;
            }
        }
    }

    private static int capacityFor(int expected) {
        long needed = (long) Math.ceil(Math.max(expected, 8) / MAX_LOAD);
        if (needed > (1 << 30)) {
            throw new IllegalArgumentException("too many keys for one table: " + expected);
        }
        return Integer.highestOneBit((int) needed - 1) << 1;
    }
}
