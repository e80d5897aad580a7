package io.dpsynth.privacy.rdp;

/**
 * The Rényi orders every {@link RdpCurve} is evaluated at: 1.1, 1.2, ..., 10.9, then 11, 12, ...,
 * 63, then 128, 256, 512, 1024 (156 orders), the default grid of current DP libraries (Google's
 * dp_accounting, Opacus). Dense low orders matter for large epsilons, high orders for small ones.
 *
 * <p>The fractional orders are built as {@code i / 10.0} so that each is the double nearest its
 * decimal value (accumulating 0.1 steps would drift), and orders that happen to be integers (2.0,
 * 3.0, ...) are exactly integral, which selects the exact binomial formula for them.
 */
final class RdpOrders {

    static final int COUNT = 156;

    private static final double[] ORDERS = build();

    private RdpOrders() {
    }

    /** A fresh copy of the grid. */
    static double[] copy() {
        return ORDERS.clone();
    }

    static double at(int index) {
        return ORDERS[index];
    }

    static boolean isInteger(double order) {
        return order == Math.rint(order);
    }

    private static double[] build() {
        double[] orders = new double[COUNT];
        int n = 0;
        for (int tenths = 11; tenths <= 109; tenths++) {
            orders[n++] = tenths / 10.0;
        }
        for (int order = 11; order <= 63; order++) {
            orders[n++] = order;
        }
        for (int order = 128; order <= 1024; order *= 2) {
            orders[n++] = order;
        }
        if (n != COUNT) {
            throw new AssertionError("order grid has " + n + " orders");
        }
        return orders;
    }
}
