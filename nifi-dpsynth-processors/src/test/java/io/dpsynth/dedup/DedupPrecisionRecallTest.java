package io.dpsynth.dedup;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Precision and recall of overlap detection (either kind) on the planted public set. */
class DedupPrecisionRecallTest {

    @Test
    void precisionAndRecallOnPlantedOverlapsAreAtLeast95Percent() {
        PlantedCorpus corpus = new PlantedCorpus(20261204, 100);
        SensitiveIndex.Builder builder = SensitiveIndex.builder(DedupSettings.defaults());
        corpus.sensitive.forEach(builder::add);
        SensitiveIndex index = builder.build();

        int truePositives = 0;
        int falsePositives = 0;
        int falseNegatives = 0;
        int kindMismatches = 0;
        for (PlantedCorpus.Planted planted : corpus.publicDocs) {
            OverlapResult result = index.check(planted.text());
            boolean expected = planted.expected() != OverlapKind.NONE;
            if (result.overlaps() && expected) {
                truePositives++;
                kindMismatches += result.kind() == planted.expected() ? 0 : 1;
            } else if (result.overlaps()) {
                falsePositives++;
            } else if (expected) {
                falseNegatives++;
            }
        }
        double precision = truePositives / (double) (truePositives + falsePositives);
        double recall = truePositives / (double) (truePositives + falseNegatives);
        System.out.printf("planted set: %d documents, TP=%d FP=%d FN=%d, kind mismatches=%d, precision=%.4f recall=%.4f%n",
                corpus.publicDocs.size(), truePositives, falsePositives, falseNegatives, kindMismatches, precision, recall);
        assertTrue(precision >= 0.95, "precision " + precision);
        assertTrue(recall >= 0.95, "recall " + recall);
    }
}
