package io.dpsynth.privacy.pld;

/** One distribution in a composition and how many times it is composed with itself. */
record CompositionTerm(PrivacyLossDistribution distribution, long count) {

    CompositionTerm {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
    }
}
