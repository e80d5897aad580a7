package io.dpsynth.evaluation;

import io.dpsynth.evaluation.ngram.CorpusStatistics;
import io.dpsynth.evaluation.ngram.JensenShannon;
import io.dpsynth.evaluation.ngram.LengthHistogram;
import io.dpsynth.evaluation.ngram.TextStatisticsComparison;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NgramStatisticsTest {

    @Test
    void identicalTextsHaveZeroDivergenceAndDisjointOnesOne() {
        CorpusStatistics a = CorpusStatistics.of(List.of("the cat sat", "on the mat"));
        CorpusStatistics sameWords = CorpusStatistics.of(List.of("The CAT sat!", "on the mat."));
        CorpusStatistics other = CorpusStatistics.of(List.of("dogs bark loudly", "at night"));
        TextStatisticsComparison same = TextStatisticsComparison.compare(a, sameWords);
        assertEquals(0, same.unigramDivergence(), 1e-12);
        assertEquals(0, same.bigramDivergence(), 1e-12);
        assertEquals(0, same.lengthDivergence(), 1e-12);
        TextStatisticsComparison disjoint = TextStatisticsComparison.compare(a, other);
        assertEquals(1, disjoint.unigramDivergence(), 1e-12);
        assertEquals(1, disjoint.bigramDivergence(), 1e-12);
    }

    @Test
    void jensenShannonOfHalfOverlappingHistograms() {
        // P = (1/2, 1/2, 0), Q = (0, 1/2, 1/2): M = (1/4, 1/2, 1/4), JSD = 1/2 bit.
        assertEquals(0.5, JensenShannon.divergence(new long[]{1, 1, 0}, new long[]{0, 1, 1}), 1e-12);
    }

    @Test
    void distinctNCountsRepeatsOnce() {
        CorpusStatistics stats = CorpusStatistics.of(List.of("a b a b", "a b"));
        assertEquals(2.0 / 6, stats.ngrams(1).distinctRatio(), 1e-12); // {a, b} of 6 tokens
        assertEquals(2.0 / 4, stats.ngrams(2).distinctRatio(), 1e-12); // {a b, b a} of 4 bigrams
        assertEquals(2.0 / 2, stats.ngrams(3).distinctRatio(), 1e-12); // {a b a, b a b}
    }

    @Test
    void lengthsFallIntoFixedBins() {
        LengthHistogram histogram = new LengthHistogram();
        for (int length : new int[]{0, 1, 9, 10, 2000}) {
            histogram.add(length);
        }
        assertArrayEquals(new long[]{1, 2, 1, 0, 0, 0, 0, 0, 0, 1}, histogram.counts());
        assertEquals(2020.0 / 5, histogram.meanLength(), 1e-12);
    }
}
