package io.dpsynth.privacy.rdp;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * An immutable Rényi-DP curve: an upper bound on the Rényi divergence (in nats) at each order of
 * the fixed grid (see {@link #orders()}: 1.1, 1.2, ..., 10.9, 11, ..., 63, 128, 256, 512, 1024).
 *
 * <p>RDP composes by addition, order by order, which is why an accountant keeps a curve rather than
 * an (epsilon, delta) pair: composing T runs is {@link #times(long)}, composing different mechanisms
 * is {@link #plus(RdpCurve)}, and only the final curve is converted to (epsilon, delta).
 *
 * <p>Values are finite and non-negative, or +Infinity where an order gives no bound (a pure
 * overflow is reported as +Infinity, never NaN). {@link #toCompactString()} and
 * {@link #parse(String)} round-trip exactly, so a ledger can keep a running curve in text state.
 */
public final class RdpCurve {

    private static final RdpCurve ZERO = new RdpCurve(new double[RdpOrders.COUNT]);

    private final double[] values;

    private RdpCurve(double[] values) {
        this.values = values;
    }

    /** The curve of doing nothing: zero at every order. */
    public static RdpCurve zero() {
        return ZERO;
    }

    /** The curve with RDP {@code rdpAtOrder.applyAsDouble(order)} at each grid order. */
    public static RdpCurve of(DoubleUnaryOperator rdpAtOrder) {
        double[] values = new double[RdpOrders.COUNT];
        for (int i = 0; i < values.length; i++) {
            values[i] = rdpAtOrder.applyAsDouble(RdpOrders.at(i));
        }
        return ofValues(values);
    }

    /**
     * The curve with the given values, one per grid order ({@link #orders()}).
     *
     * @throws IllegalArgumentException if there are not 156 values or one is negative or NaN
     */
    public static RdpCurve ofValues(double[] values) {
        if (values.length != RdpOrders.COUNT) {
            throw new IllegalArgumentException("an RDP curve has " + RdpOrders.COUNT + " values, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 0)) {
                throw new IllegalArgumentException("RDP at order " + RdpOrders.at(i) + " must be >= 0, got " + values[i]);
            }
        }
        return new RdpCurve(values.clone());
    }

    /**
     * Reads the form written by {@link #toCompactString()}.
     *
     * @throws IllegalArgumentException if the text is not such a curve
     */
    public static RdpCurve parse(String text) {
        String[] parts = text.split(",", -1);
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an RDP value: '" + parts[i] + "'", e);
            }
        }
        return ofValues(values);
    }

    /** The grid orders (a copy), in increasing order. */
    public double[] orders() {
        return RdpOrders.copy();
    }

    /** The RDP value at each grid order (a copy). */
    public double[] values() {
        return values.clone();
    }

    /** Composition with another mechanism's curve: RDP adds order by order. */
    public RdpCurve plus(RdpCurve other) {
        double[] sum = new double[values.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = values[i] + other.values[i];
        }
        return new RdpCurve(sum);
    }

    /** Composition of {@code count} runs of this mechanism. */
    public RdpCurve times(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (count == 0) {
            return ZERO; // avoids 0 * Infinity = NaN
        }
        double[] product = new double[values.length];
        for (int i = 0; i < product.length; i++) {
            product[i] = values[i] * count;
        }
        return new RdpCurve(product);
    }

    /** The smallest epsilon over all orders at which this curve is (epsilon, delta)-DP. */
    public double epsilon(double delta) {
        return bestEpsilon(delta).epsilon();
    }

    /**
     * The smallest epsilon at {@code delta} in (0, 1) and the order that gives it (the first such
     * order on ties); epsilon is +Infinity when no order bounds it.
     */
    public EpsilonAtOrder bestEpsilon(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
        double best = Double.POSITIVE_INFINITY;
        double bestOrder = RdpOrders.at(0);
        for (int i = 0; i < values.length; i++) {
            double epsilon = RdpConversion.epsilonAtOrder(RdpOrders.at(i), values[i], delta);
            if (epsilon < best) {
                best = epsilon;
                bestOrder = RdpOrders.at(i);
            }
        }
        return new EpsilonAtOrder(best, bestOrder);
    }

    /** The smallest delta in [0, 1] over all orders at which this curve is (epsilon, delta)-DP. */
    public double delta(double epsilon) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and >= 0, got " + epsilon);
        }
        double logDelta = 0;
        for (int i = 0; i < values.length; i++) {
            logDelta = Math.min(logDelta, RdpConversion.logDeltaAtOrder(RdpOrders.at(i), values[i], epsilon));
        }
        return Math.min(1, Math.exp(logDelta));
    }

    /**
     * The values as comma-separated {@link Double#toString(double)} texts, in grid order. Java's
     * shortest-repr doubles parse back to the identical bits, so {@code parse(c.toCompactString())}
     * equals {@code c}.
     */
    public String toCompactString() {
        StringBuilder text = new StringBuilder(values.length * 24);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(values[i]);
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RdpCurve curve && Arrays.equals(values, curve.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "RdpCurve[" + toCompactString() + "]";
    }

    /** An epsilon and the Rényi order whose conversion gives it. */
    public record EpsilonAtOrder(double epsilon, double order) {
    }
}
