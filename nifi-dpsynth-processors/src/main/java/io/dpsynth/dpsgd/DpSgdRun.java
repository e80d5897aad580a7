package io.dpsynth.dpsgd;

/**
 * How a DP-SGD run ended.
 *
 * @param stepsRun        steps completed, each charged as one Poisson-sampled Gaussian
 * @param cancelled       whether it stopped before the planned steps
 * @param examplesSampled sampled examples over all steps
 * @param clippedFraction share of sampled examples whose gradient norm exceeded C
 * @param lastLoss        mean loss of the last non-empty batch (operators only; not private)
 */
public record DpSgdRun(int stepsRun, boolean cancelled, long examplesSampled, double clippedFraction, double lastLoss) {
}
