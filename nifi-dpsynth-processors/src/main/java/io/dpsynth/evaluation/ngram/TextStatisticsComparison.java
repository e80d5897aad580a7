package io.dpsynth.evaluation.ngram;

/**
 * Synthetic versus real token statistics: Jensen–Shannon divergences (base 2, in [0, 1]) of the
 * unigram, bigram and length distributions, and distinct-n of each side.
 *
 * @param distinctSynthetic distinct-n of the synthetic texts, index n - 1 for n = 1..3
 * @param distinctReal      the same for the real texts
 */
public record TextStatisticsComparison(double unigramDivergence, double bigramDivergence, double lengthDivergence,
                                       double meanLengthSynthetic, double meanLengthReal,
                                       long[] lengthHistogramSynthetic, long[] lengthHistogramReal,
                                       double[] distinctSynthetic, double[] distinctReal) {

    public static TextStatisticsComparison compare(CorpusStatistics synthetic, CorpusStatistics real) {
        return new TextStatisticsComparison(
                JensenShannon.divergence(synthetic.ngrams(1), real.ngrams(1)),
                JensenShannon.divergence(synthetic.ngrams(2), real.ngrams(2)),
                synthetic.lengths().divergenceFrom(real.lengths()),
                synthetic.lengths().meanLength(), real.lengths().meanLength(),
                synthetic.lengths().counts(), real.lengths().counts(),
                distinct(synthetic), distinct(real));
    }

    private static double[] distinct(CorpusStatistics statistics) {
        double[] ratios = new double[CorpusStatistics.MAX_N];
        for (int n = 1; n <= CorpusStatistics.MAX_N; n++) {
            ratios[n - 1] = statistics.ngrams(n).distinctRatio();
        }
        return ratios;
    }
}
