package io.dpsynth.evaluation.rank;

import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * How well a cheap proxy metric (MAUVE, a divergence, perplexity) ranks several runs the way the
 * downstream accuracy does — the paper's way to pick DP hyper-parameters without training a
 * classifier, or spending budget, on each. Spearman and Kendall's tau-b come from commons-math3;
 * a proxy where lower is better is negated first, so 1 always means "same order".
 *
 * @param rankBiasedOverlap RBO_ext of the two best-first orders, persistence {@link #RBO_PERSISTENCE}
 */
public record RankAgreement(double spearman, double kendallTau, double rankBiasedOverlap, int runs) {

    /** Persistence 0.9: the top 10 runs carry about 65 % of the weight (Webber et al.'s example value). */
    public static final double RBO_PERSISTENCE = 0.9;

    public static RankAgreement of(double[] proxy, boolean proxyHigherIsBetter, double[] accuracy) {
        if (proxy.length != accuracy.length || proxy.length < 2) {
            throw new IllegalArgumentException("need the proxy and the accuracy of the same runs, at least two");
        }
        double[] orientedProxy = proxyHigherIsBetter ? proxy.clone()
                : Arrays.stream(proxy).map(v -> -v).toArray();
        return new RankAgreement(
                new SpearmansCorrelation().correlation(orientedProxy, accuracy),
                new KendallsCorrelation().correlation(orientedProxy, accuracy),
                RankBiasedOverlap.extrapolated(bestFirst(orientedProxy), bestFirst(accuracy), RBO_PERSISTENCE),
                proxy.length);
    }

    /** Run indices by descending score; ties keep run order so the result is deterministic. */
    static int[] bestFirst(double[] scores) {
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparing(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }
}
