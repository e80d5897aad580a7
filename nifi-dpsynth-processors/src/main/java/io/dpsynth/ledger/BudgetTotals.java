package io.dpsynth.ledger;

/**
 * What a budget has spent, priced at its cap's delta, and what is left.
 *
 * @param epsilonSpent composed epsilon of everything charged (reservations included)
 * @param deltaSpent   delta at which {@code epsilonSpent} holds
 * @param cap          the budget's cap
 */
public record BudgetTotals(double epsilonSpent, double deltaSpent, BudgetCap cap) {

    /**
     * Relative slack for floating-point rounding of sums: ten reservations of 0.1 fit a cap of 1.0.
     * It allows at most 1e-12 * cap more than the cap, far below any meaningful privacy difference.
     */
    static final double ROUNDING_SLACK = 1e-12;

    public double epsilonRemaining() {
        return Math.max(0, cap.epsilon() - epsilonSpent);
    }

    public boolean withinCap() {
        return epsilonSpent <= cap.epsilon() * (1 + ROUNDING_SLACK) && deltaSpent <= cap.delta() * (1 + ROUNDING_SLACK);
    }
}
