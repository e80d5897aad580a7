package io.dpsynth.dpsgd;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * Gaussian noise for DP-SGD, drawn in Java (double precision, Box–Muller) from a generator of a recorded
 * {@link NoiseMode}. Uniform bits are taken in bulk: a DRBG call per number made secure noise for LoRA's 50 k
 * coordinates cost as much as the training step itself.
 */
public final class NoiseSource {

    static final int STREAM = 2;
    private static final double TWO_TO_MINUS_53 = 0x1.0p-53;

    private final NoiseMode mode;
    private final RandomGenerator random;

    public NoiseSource(NoiseMode mode, long seed) {
        this.mode = mode;
        this.random = mode.generator(seed, STREAM);
    }

    public NoiseMode mode() {
        return mode;
    }

    /** {@code count} independent draws from N(0, standardDeviation²). */
    public float[] gaussian(int count, double standardDeviation) {
        long[] bits = uniformBits(count + (count & 1));
        float[] out = new float[count];
        for (int i = 0; i < count; i += 2) {
            double u1 = 1 - (bits[i] >>> 11) * TWO_TO_MINUS_53; // in (0, 1]: log stays finite
            double u2 = (bits[i + 1] >>> 11) * TWO_TO_MINUS_53;
            double radius = Math.sqrt(-2 * Math.log(u1)) * standardDeviation;
            out[i] = (float) (radius * Math.cos(2 * Math.PI * u2));
            if (i + 1 < count) {
                out[i + 1] = (float) (radius * Math.sin(2 * Math.PI * u2));
            }
        }
        return out;
    }

    private long[] uniformBits(int count) {
        long[] bits = new long[count];
        if (random instanceof SecureRandom secure) {
            byte[] bytes = new byte[8 * count];
            secure.nextBytes(bytes);
            ByteBuffer.wrap(bytes).asLongBuffer().get(bits);
        } else {
            for (int i = 0; i < count; i++) {
                bits[i] = random.nextLong();
            }
        }
        return bits;
    }
}
