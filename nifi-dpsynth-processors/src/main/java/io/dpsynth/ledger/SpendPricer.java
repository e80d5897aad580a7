package io.dpsynth.ledger;

import io.dpsynth.privacy.PrivacyAccountant;

import java.util.List;

/**
 * Prices a budget's spend at its cap with the tightest valid composition the entries allow.
 *
 * <ul>
 *   <li>Only opaque (epsilon, delta) entries: basic composition, epsilons and deltas add.</li>
 *   <li>With mechanism-described entries: the whole spend is priced at the cap's delta; the opaque
 *       part takes its deltas and the mechanisms are composed tightly at the delta left over. Each
 *       configured accountant gives a valid upper bound, so the smallest of them is used.</li>
 * </ul>
 */
public final class SpendPricer {

    private final List<PrivacyAccountant> accountants;

    public SpendPricer(List<PrivacyAccountant> accountants) {
        if (accountants.isEmpty()) {
            throw new IllegalArgumentException("at least one accountant is needed");
        }
        this.accountants = List.copyOf(accountants);
    }

    public BudgetTotals price(BudgetSpend spend, BudgetCap cap) {
        if (!spend.hasMechanisms()) {
            return new BudgetTotals(spend.opaqueEpsilon(), spend.opaqueDelta(), cap);
        }
        double epsilon = Double.POSITIVE_INFINITY;
        boolean priced = false;
        for (PrivacyAccountant accountant : accountants) {
            if (accountant.supports(spend.asEvent())) {
                epsilon = Math.min(epsilon, accountant.epsilon(spend.asEvent(), cap.delta()));
                priced = true;
            }
        }
        if (!priced) {
            throw new IllegalStateException("no configured accountant supports the mechanisms charged to this budget");
        }
        return new BudgetTotals(epsilon, cap.delta(), cap);
    }
}
