package io.dpsynth.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** Release thresholds on the headline metrics; an empty threshold is not checked. */
public record UtilityThresholds(OptionalDouble minAccuracy, OptionalDouble minMacroF1, OptionalDouble minMauve) {

    public static final UtilityThresholds NONE = new UtilityThresholds(OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalDouble.empty());

    /** Names of the thresholds the report misses, in a fixed order; empty when it passes. */
    public List<String> missed(UtilityReport report) {
        List<String> missed = new ArrayList<>();
        check(missed, "accuracy", minAccuracy, report.downstream().syntheticToReal().accuracy());
        check(missed, "macro-f1", minMacroF1, report.downstream().syntheticToReal().macroF1());
        check(missed, "mauve", minMauve, report.mauve().result().score());
        return missed;
    }

    private static void check(List<String> missed, String name, OptionalDouble threshold, double value) {
        if (threshold.isPresent() && !(value >= threshold.getAsDouble())) {
            missed.add(name);
        }
    }
}
