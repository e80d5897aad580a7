package io.dpsynth.ledger;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Caps by budget id: per-budget overrides, else an optional default cap for every other budget. */
public record BudgetCaps(Optional<BudgetCap> defaultCap, Map<String, BudgetCap> overrides) {

    /** Budget ids are short and never contain '/', which separates them from the rest of a state key. */
    private static final Pattern BUDGET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

    public BudgetCaps {
        overrides = Map.copyOf(overrides);
        overrides.keySet().forEach(BudgetCaps::requireValidBudgetId);
    }

    public Optional<BudgetCap> capFor(String budgetId) {
        BudgetCap override = overrides.get(budgetId);
        return override != null ? Optional.of(override) : defaultCap;
    }

    public static boolean isValidBudgetId(String budgetId) {
        return budgetId != null && BUDGET_ID.matcher(budgetId).matches();
    }

    public static void requireValidBudgetId(String budgetId) {
        if (!isValidBudgetId(budgetId)) {
            throw new IllegalArgumentException("budget id must match " + BUDGET_ID.pattern());
        }
    }
}
