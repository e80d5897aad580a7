package io.dpsynth.text;

/** 64-bit mixing shared by the token, window and shingle hashes. */
public final class Hashing {

    private Hashing() {
    }

    /** The MurmurHash3 64-bit finaliser: spreads every input bit over the whole word. */
    public static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
