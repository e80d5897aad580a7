package io.dpsynth.nifi.processors;

import io.dpsynth.nifi.DpsynthAttributes;
import org.apache.nifi.flowfile.FlowFile;

/**
 * The (epsilon, delta) a DP processor may spend on a FlowFile: the grant EnforceEpsilonBudget put on it, or —
 * only when no ledger is configured — the processor's own target. With a ledger, no grant means no run.
 *
 * @param budgetId null without a ledger
 * @param entryId  the reservation to commit; null without a ledger
 */
record PrivacyTarget(double epsilon, double delta, String budgetId, String entryId) {

    boolean charged() {
        return entryId != null;
    }

    /** @throws IllegalArgumentException with a message fit for {@code dpsynth.error} */
    static PrivacyTarget of(FlowFile flowFile, boolean ledgerConfigured, String propertyEpsilon, String propertyDelta) {
        String grantedEpsilon = flowFile.getAttribute(DpsynthAttributes.EPSILON_GRANTED);
        String grantedDelta = flowFile.getAttribute(DpsynthAttributes.DELTA_GRANTED);
        if (ledgerConfigured) {
            String entry = flowFile.getAttribute(DpsynthAttributes.LEDGER_ENTRY_ID);
            String budget = flowFile.getAttribute(DpsynthAttributes.BUDGET_ID);
            if (grantedEpsilon == null || grantedDelta == null || entry == null || budget == null) {
                throw new IllegalArgumentException("no privacy grant: a ledger is configured, so the FlowFile must come "
                        + "from EnforceEpsilonBudget with " + DpsynthAttributes.EPSILON_GRANTED + ", "
                        + DpsynthAttributes.DELTA_GRANTED + ", " + DpsynthAttributes.LEDGER_ENTRY_ID + " and "
                        + DpsynthAttributes.BUDGET_ID);
            }
            return new PrivacyTarget(parse(DpsynthAttributes.EPSILON_GRANTED, grantedEpsilon),
                    parse(DpsynthAttributes.DELTA_GRANTED, grantedDelta), budget, entry);
        }
        String epsilon = grantedEpsilon != null ? grantedEpsilon : propertyEpsilon;
        String delta = grantedDelta != null ? grantedDelta : propertyDelta;
        if (epsilon == null || delta == null) {
            throw new IllegalArgumentException("no privacy target: set Target Epsilon and Target Delta or send a "
                    + "FlowFile with " + DpsynthAttributes.EPSILON_GRANTED + " and " + DpsynthAttributes.DELTA_GRANTED);
        }
        return new PrivacyTarget(parse("epsilon", epsilon), parse("delta", delta), null, null);
    }

    private static double parse(String name, String value) {
        double parsed;
        try {
            parsed = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + value + "'");
        }
        boolean valid = name.contains("delta") ? parsed > 0 && parsed < 1 : parsed > 0 && !Double.isInfinite(parsed);
        if (!valid) {
            throw new IllegalArgumentException(name + " out of range: " + value);
        }
        return parsed;
    }
}
