package io.dpsynth.generation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How many records each label gets: proportions turned into whole counts that add up to the total. */
public final class LabelCounts {

    private LabelCounts() {
    }

    /** Equal counts, as equal as whole numbers allow: the first {@code total mod k} labels get one more. */
    public static Map<String, Integer> uniform(List<String> labels, int total) {
        Map<String, Double> equal = new LinkedHashMap<>();
        labels.forEach(label -> equal.put(label, 1.0));
        return apportion(equal, total);
    }

    /**
     * Largest-remainder (Hamilton) rounding of {@code total × weight / sum}: every label gets the floor, the records
     * left go to the largest fractional parts, ties to the label listed first.
     *
     * @param weights non-negative, finite, with a positive sum; in the order ties are broken
     */
    public static Map<String, Integer> apportion(Map<String, Double> weights, int total) {
        if (total < 1) {
            throw new IllegalArgumentException("the record count must be positive, got " + total);
        }
        double sum = 0;
        for (Map.Entry<String, Double> weight : weights.entrySet()) {
            if (!(weight.getValue() >= 0) || Double.isInfinite(weight.getValue())) {
                throw new IllegalArgumentException("the proportion of label '" + weight.getKey() + "' must be a finite number >= 0");
            }
            sum += weight.getValue();
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("the label proportions add up to 0");
        }
        List<String> labels = new ArrayList<>(weights.keySet());
        Map<String, Integer> counts = new LinkedHashMap<>();
        double[] remainders = new double[labels.size()];
        int assigned = 0;
        for (int i = 0; i < labels.size(); i++) {
            double exact = total * weights.get(labels.get(i)) / sum;
            int floor = (int) Math.floor(exact);
            counts.put(labels.get(i), floor);
            remainders[i] = exact - floor;
            assigned += floor;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            order.add(i);
        }
        Collections.sort(order, Comparator.comparingDouble((Integer i) -> -remainders[i]).thenComparingInt(i -> i));
        for (int k = 0; assigned < total; k++, assigned++) {
            counts.merge(labels.get(order.get(k % order.size())), 1, Integer::sum);
        }
        return counts;
    }
}
