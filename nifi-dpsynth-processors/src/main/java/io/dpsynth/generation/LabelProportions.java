package io.dpsynth.generation;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** User-given label proportions written as {@code spam:1, ham:3} (weights, normalised later). */
public final class LabelProportions {

    private LabelProportions() {
    }

    /**
     * Parses the list and checks every label against the adapter's.
     *
     * @throws IllegalArgumentException for a malformed entry, a repeated label, a label the adapter was not trained
     *                                  on, or no positive weight (label names are schema, so messages may name them)
     */
    public static Map<String, Double> parse(String text, Collection<String> knownLabels) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("label proportion '" + entry.strip() + "' is not written label:weight");
            }
            String label = entry.substring(0, colon).strip();
            double weight;
            try {
                weight = Double.parseDouble(entry.substring(colon + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the weight of label '" + label + "' is not a number");
            }
            if (!knownLabels.contains(label)) {
                throw new IllegalArgumentException("label '" + label + "' is not among the adapter's labels " + knownLabels);
            }
            if (weights.put(label, weight) != null) {
                throw new IllegalArgumentException("label '" + label + "' is listed twice");
            }
        }
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("no label proportions given");
        }
        return weights;
    }
}
