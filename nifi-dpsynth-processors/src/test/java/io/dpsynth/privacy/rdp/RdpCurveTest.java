package io.dpsynth.privacy.rdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpsynth.privacy.DpEvent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RdpCurveTest {

    private final RdpAccountant accountant = new RdpAccountant();

    private RdpCurve dpSgdCurve(double q, double sigma, long steps) {
        return accountant.curve(DpEvent.dpSgd(q, sigma, steps));
    }

    @Test
    void gridIsTheLibraryDefaultWithExactDecimalOrders() {
        double[] orders = RdpCurve.zero().orders();

        assertEquals(156, orders.length);
        for (int tenths = 11; tenths <= 109; tenths++) {
            assertEquals(Double.toString(tenths / 10.0), Double.toString(orders[tenths - 11]));
        }
        assertEquals(2.0, orders[9]);
        assertEquals(11.0, orders[99]);
        assertEquals(63.0, orders[151]);
        assertArrayEquals(new double[] {128, 256, 512, 1024}, Arrays.copyOfRange(orders, 152, 156));
    }

    @Test
    void compactStringRoundTripsExactly() {
        RdpCurve curve = dpSgdCurve(0.004267, 1.1, 14063).plus(accountant.curve(new io.dpsynth.privacy.LaplaceEvent(10, 1)));

        RdpCurve parsed = RdpCurve.parse(curve.toCompactString());

        assertEquals(curve, parsed);
        double[] expected = curve.values();
        double[] actual = parsed.values();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), "order index " + i);
        }
    }

    @Test
    void compactStringRoundTripsInfinityAndZero() {
        double[] values = new double[156];
        values[0] = Double.POSITIVE_INFINITY;
        values[155] = Double.MIN_VALUE;
        RdpCurve curve = RdpCurve.ofValues(values);

        assertEquals(curve, RdpCurve.parse(curve.toCompactString()));
        assertEquals(RdpCurve.zero(), RdpCurve.parse(RdpCurve.zero().toCompactString()));
    }

    @Test
    void parseRejectsMalformedCurves() {
        String valid = RdpCurve.zero().toCompactString();

        assertThrows(IllegalArgumentException.class, () -> RdpCurve.parse(valid + ",0.0"));
        assertThrows(IllegalArgumentException.class, () -> RdpCurve.parse(valid.replaceFirst("0\\.0", "NaN")));
        assertThrows(IllegalArgumentException.class, () -> RdpCurve.parse(valid.replaceFirst("0\\.0", "-1.0")));
        assertThrows(IllegalArgumentException.class, () -> RdpCurve.parse(valid.replaceFirst("0\\.0", "x")));
        assertThrows(IllegalArgumentException.class, () -> RdpCurve.parse(""));
    }

    @Test
    void valuesAndOrdersAreCopies() {
        RdpCurve curve = dpSgdCurve(0.01, 1.0, 1);
        double before = curve.values()[0];

        curve.values()[0] = 99;
        curve.orders()[0] = 99;

        assertEquals(before, curve.values()[0]);
        assertEquals(1.1, curve.orders()[0]);
    }

    @Test
    void timesIsRepeatedPlus() {
        RdpCurve step = dpSgdCurve(0.01, 1.0, 1);

        RdpCurve tripled = step.times(3);
        RdpCurve summed = step.plus(step).plus(step);

        assertArrayEquals(summed.values(), tripled.values(), 1e-15);
        assertEquals(RdpCurve.zero(), step.times(0));
        assertEquals(step, step.plus(RdpCurve.zero()));
    }

    @Test
    void infiniteOrdersStayInfiniteWithoutNaN() {
        double[] values = new double[156];
        Arrays.fill(values, Double.POSITIVE_INFINITY);
        RdpCurve infinite = RdpCurve.ofValues(values);

        assertEquals(RdpCurve.zero(), infinite.times(0));
        assertEquals(Double.POSITIVE_INFINITY, infinite.times(5).plus(infinite).epsilon(1e-5));
        assertEquals(1.0, infinite.delta(10));
    }

    @Test
    void nothingSpentCostsNothing() {
        assertEquals(0.0, RdpCurve.zero().epsilon(1e-5));
        assertEquals(0.0, RdpCurve.zero().delta(0));
    }

    @ParameterizedTest
    @CsvSource({
        "0.01, 1.0, 10000, 1e-5",
        "0.004267, 1.1, 14063, 1e-5",
        "0.1, 2.0, 100, 1e-6",
        "1.0, 5.0, 1, 1e-5",
        "0.05, 0.8, 3000, 1e-3",
    })
    void deltaAtTheEpsilonForDeltaGivesDeltaBack(double q, double sigma, long steps, double delta) {
        RdpCurve curve = dpSgdCurve(q, sigma, steps);

        double roundTrip = curve.delta(curve.epsilon(delta));

        assertEquals(delta, roundTrip, 1e-9 * delta);
    }

    @Test
    void epsilonGrowsWithSteps() {
        RdpCurve step = dpSgdCurve(0.01, 1.0, 1);
        double previous = 0;
        for (long steps : new long[] {1, 2, 5, 10, 100, 1000, 10_000, 100_000, 1_000_000}) {
            double epsilon = step.times(steps).epsilon(1e-5);
            assertTrue(epsilon > previous, steps + " steps: " + epsilon + " <= " + previous);
            previous = epsilon;
        }
    }

    @Test
    void epsilonFallsAsDeltaGrows() {
        RdpCurve curve = dpSgdCurve(0.01, 1.0, 1000);

        assertTrue(curve.epsilon(1e-9) > curve.epsilon(1e-6));
        assertTrue(curve.epsilon(1e-6) > curve.epsilon(1e-3));
    }

    @Test
    void bestOrderIsOnTheGridAndGivesTheEpsilon() {
        RdpCurve curve = dpSgdCurve(0.01, 1.0, 1000);

        RdpCurve.EpsilonAtOrder best = curve.bestEpsilon(1e-5);

        int index = Arrays.binarySearch(curve.orders(), best.order());
        assertTrue(index >= 0);
        double rdp = curve.values()[index];
        double a = best.order();
        assertEquals(rdp + Math.log1p(-1 / a) - Math.log(1e-5 * a) / (a - 1), best.epsilon(), 1e-12);
    }

    @Test
    void rejectsInvalidArguments() {
        RdpCurve curve = RdpCurve.zero();

        assertThrows(IllegalArgumentException.class, () -> curve.epsilon(0));
        assertThrows(IllegalArgumentException.class, () -> curve.epsilon(1));
        assertThrows(IllegalArgumentException.class, () -> curve.delta(-1));
        assertThrows(IllegalArgumentException.class, () -> curve.times(-1));
        assertThrows(IllegalArgumentException.class, () -> RdpCurve.ofValues(new double[3]));
        assertNotEquals(curve, dpSgdCurve(0.01, 1.0, 1));
    }
}
