package io.dpsynth.privacy;

/** Argument checks shared by the event records. */
final class Checks {

    private Checks() {
    }

    static void positiveFinite(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
        }
    }
}
