package io.dpsynth.training;

/**
 * Linear warm-up from 0 to {@code peak} over {@code warmupSteps}, then cosine decay to {@code peak · floorFraction}
 * at {@code totalSteps}.
 */
public record LearningRateSchedule(double peak, int warmupSteps, int totalSteps, double floorFraction) {

    public LearningRateSchedule {
        if (!(peak > 0) || warmupSteps < 0 || totalSteps < 1 || warmupSteps > totalSteps
                || !(floorFraction >= 0 && floorFraction <= 1)) {
            throw new IllegalArgumentException("bad schedule: peak " + peak + ", warm-up " + warmupSteps + ", total "
                    + totalSteps + ", floor " + floorFraction);
        }
    }

    /** Learning rate of step {@code step} (0-based). */
    public double rate(int step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        int decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (step - warmupSteps) / (double) decaySteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return peak * (floorFraction + (1 - floorFraction) * cosine);
    }
}
