package io.dpsynth.nifi;

/** FlowFile attribute names written by dpsynth components; one place so every processor agrees. */
public final class DpsynthAttributes {

    public static final String BUDGET_ID = "dpsynth.budget.id";
    public static final String EPSILON_REQUESTED = "dpsynth.epsilon.requested";
    public static final String DELTA_REQUESTED = "dpsynth.delta.requested";
    public static final String EPSILON_GRANTED = "dpsynth.epsilon.granted";
    public static final String DELTA_GRANTED = "dpsynth.delta.granted";
    public static final String EPSILON_SPENT = "dpsynth.epsilon.spent";
    public static final String DELTA_SPENT = "dpsynth.delta.spent";
    public static final String EPSILON_REMAINING = "dpsynth.epsilon.remaining";
    public static final String EPSILON_CAP = "dpsynth.epsilon.cap";
    public static final String DELTA_CAP = "dpsynth.delta.cap";
    public static final String LEDGER_ENTRY_ID = "dpsynth.ledger.entry.id";
    public static final String ERROR = "dpsynth.error";

    private DpsynthAttributes() {
    }
}
