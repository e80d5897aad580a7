package io.dpsynth.ledger;

/** The most a budget may ever spend, as an (epsilon, delta) pair. */
public record BudgetCap(double epsilon, double delta) {

    public BudgetCap {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon cap must be finite and > 0, got " + epsilon);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta cap must be in (0, 1), got " + delta);
        }
    }

    /** Parses {@code "<epsilon>, <delta>"}, e.g. {@code "8, 1e-5"}. */
    public static BudgetCap parse(String text) {
        String[] parts = text == null ? new String[0] : text.split(",");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a cap is written as '<epsilon>, <delta>', e.g. '8, 1e-5'");
        }
        try {
            return new BudgetCap(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a cap is written as '<epsilon>, <delta>', e.g. '8, 1e-5'", e);
        }
    }
}
