package io.dpsynth.generation;

/** The noise added to each label's count in a DP label histogram. */
public enum HistogramMechanism {
    /** Laplace noise of scale 1/ε: pure ε-DP (the δ is only what the ledger reserves). */
    LAPLACE,
    /** Gaussian noise whose σ is calibrated for (ε, δ). */
    GAUSSIAN
}
