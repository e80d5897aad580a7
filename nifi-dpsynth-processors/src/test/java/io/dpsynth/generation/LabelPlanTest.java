package io.dpsynth.generation;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelPlanTest {

    @Test
    void uniformCountsDifferByAtMostOneAndTheFirstLabelsGetTheRest() {
        assertEquals(Map.of("a", 4, "b", 3, "c", 3), LabelCounts.uniform(List.of("a", "b", "c"), 10));
        assertEquals(List.of(34, 33, 33), List.copyOf(LabelCounts.uniform(List.of("x", "y", "z"), 100).values()));
        assertEquals(Map.of("a", 1, "b", 0, "c", 0), LabelCounts.uniform(List.of("a", "b", "c"), 1));
    }

    @Test
    void largestRemainderRoundingKeepsTheTotal() {
        Map<String, Double> weights = new LinkedHashMap<>();
        weights.put("spam", 1.0);
        weights.put("ham", 3.0);
        assertEquals(Map.of("spam", 3, "ham", 7), LabelCounts.apportion(weights, 10)); // 2.5 / 7.5: the tie goes to spam
        weights.put("other", 2.0);
        Map<String, Integer> counts = LabelCounts.apportion(weights, 7); // 1.1667, 3.5, 2.333
        assertEquals(Map.of("spam", 1, "ham", 4, "other", 2), counts);
        for (int total = 1; total < 200; total++) {
            assertEquals(total, LabelCounts.apportion(weights, total).values().stream().mapToInt(Integer::intValue).sum());
        }
        assertThrows(IllegalArgumentException.class, () -> LabelCounts.apportion(weights, 0));
        assertThrows(IllegalArgumentException.class, () -> LabelCounts.apportion(Map.of("a", 0.0), 5));
    }

    @Test
    void proportionsAreParsedAndUnknownLabelsRefused() {
        Map<String, Double> parsed = LabelProportions.parse("spam:1, ham : 3", List.of("ham", "spam"));
        assertEquals(List.of("spam", "ham"), List.copyOf(parsed.keySet()));
        assertEquals(3.0, parsed.get("ham"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> LabelProportions.parse("spam:1, eggs:2", List.of("ham", "spam")));
        assertTrue(unknown.getMessage().contains("'eggs' is not among the adapter's labels"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LabelProportions.parse("spam=1", List.of("spam")));
        assertThrows(IllegalArgumentException.class, () -> LabelProportions.parse("spam:x", List.of("spam")));
        assertThrows(IllegalArgumentException.class, () -> LabelProportions.parse("spam:1,spam:2", List.of("spam")));
        assertThrows(IllegalArgumentException.class, () -> LabelProportions.parse(" , ", List.of("spam")));
    }

    @Test
    void countsAreAbsoluteOrACeiledMultipleOfTheDatasetSize() {
        assertEquals(7, RecordCount.absolute(7));
        assertEquals(3, RecordCount.perTrainingRecord(0.1, 30));
        assertEquals(4, RecordCount.perTrainingRecord(0.11, 30));
        assertEquals(250, RecordCount.perTrainingRecord(2.5, 100));
        assertThrows(IllegalArgumentException.class, () -> RecordCount.absolute(0));
        assertThrows(IllegalArgumentException.class, () -> RecordCount.absolute(-3));
        assertThrows(IllegalArgumentException.class, () -> RecordCount.perTrainingRecord(0, 30));
        assertThrows(IllegalArgumentException.class, () -> RecordCount.perTrainingRecord(-1, 30));
    }
}
