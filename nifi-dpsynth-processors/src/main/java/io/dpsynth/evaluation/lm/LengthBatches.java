package io.dpsynth.evaluation.lm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Groups sequences into batches of similar length, so that little of a forward pass goes to padding. */
final class LengthBatches {

    private LengthBatches() {
    }

    /**
     * Indices into {@code lengths} grouped into batches, shortest first; a batch holds at most {@code maxBatch}
     * sequences and, padded to its longest, at most {@code tokenBudget} tokens (a longer single sequence forms a
     * batch alone).
     */
    static List<int[]> of(int[] lengths, int maxBatch, int tokenBudget) {
        Integer[] order = IntStream.range(0, lengths.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt(i -> lengths[i])); // stable: equal lengths keep input order
        List<int[]> batches = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int index : order) {
            int longest = lengths[index]; // ascending order: the newest is the longest
            if (!current.isEmpty() && (current.size() == maxBatch || (long) (current.size() + 1) * longest > tokenBudget)) {
                batches.add(current.stream().mapToInt(Integer::intValue).toArray());
                current.clear();
            }
            current.add(index);
        }
        if (!current.isEmpty()) {
            batches.add(current.stream().mapToInt(Integer::intValue).toArray());
        }
        return batches;
    }
}
