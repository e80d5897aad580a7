package io.dpsynth.dpsgd;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Where the randomness of DP-SGD (the Poisson sample and the Gaussian noise) comes from. The mode is recorded
 * with every spend: only {@link #SECURE} output should be released; {@link #SEEDED} makes experiments repeatable,
 * and anyone who knows the seed can subtract the noise.
 */
public enum NoiseMode {

    /** A NIST SP 800-90A DRBG seeded by the operating system; the seed argument is ignored. */
    SECURE {
        @Override
        public RandomGenerator generator(long seed, int stream) {
            try {
                return SecureRandom.getInstance("DRBG");
            } catch (NoSuchAlgorithmException e) {
                return new SecureRandom();
            }
        }
    },

    /** {@link SplittableRandom}: the same seed gives the same samples and noise. */
    SEEDED {
        @Override
        public RandomGenerator generator(long seed, int stream) {
            // SplittableRandom mixes its seed, so seeds one golden-ratio step apart give unrelated streams
            return new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (stream + 1));
        }
    };

    /** A generator for one purpose ({@code stream} keeps the sampler's and the noise's draws independent). */
    public abstract RandomGenerator generator(long seed, int stream);
}
