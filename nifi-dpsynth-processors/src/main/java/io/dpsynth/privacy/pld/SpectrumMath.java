package io.dpsynth.privacy.pld;

/**
 * Arithmetic on spectra in JTransforms' packed real-FFT layout (even length n): {@code a[0]} is the
 * real DC term, {@code a[1]} the real Nyquist term, and {@code (a[2k], a[2k+1])} the complex
 * coefficient k for 0 < k < n/2.
 */
final class SpectrumMath {

    /** Below this, exp(T log r) underflows to 0 anyway, so the trigonometry is skipped. */
    private static final double UNDERFLOW_LOG = -746;

    private SpectrumMath() {
    }

    /**
     * Raises every coefficient to the power {@code exponent} in polar form, r^T e^(i T theta): the
     * cost does not depend on T, and the relative error grows only linearly in T (about T * 1e-16).
     * Coefficients whose result underflows (T log r below -745) are set to 0 without any
     * trigonometry; after many compositions that is most of the spectrum.
     */
    static void power(double[] a, long exponent) {
        double t = exponent;
        a[0] = Math.pow(a[0], t);
        a[1] = Math.pow(a[1], t);
        // r^2 < e^(2 * UNDERFLOW_LOG / T)  <=>  T log r < UNDERFLOW_LOG
        double negligibleSquaredMagnitude = Math.exp(2 * UNDERFLOW_LOG / t);
        for (int i = 2; i + 1 < a.length; i += 2) {
            double re = a[i];
            double im = a[i + 1];
            double squaredMagnitude = re * re + im * im;
            if (squaredMagnitude < negligibleSquaredMagnitude) {
                a[i] = 0;
                a[i + 1] = 0;
                continue;
            }
            double magnitude = Math.exp(0.5 * t * Math.log(squaredMagnitude));
            double angle = t * Math.atan2(im, re);
            a[i] = magnitude * Math.cos(angle);
            a[i + 1] = magnitude * Math.sin(angle);
        }
    }

    /** a := a * b, coefficient by coefficient. */
    static void multiplyInto(double[] a, double[] b) {
        a[0] *= b[0];
        a[1] *= b[1];
        for (int i = 2; i + 1 < a.length; i += 2) {
            double re = a[i] * b[i] - a[i + 1] * b[i + 1];
            double im = a[i] * b[i + 1] + a[i + 1] * b[i];
            a[i] = re;
            a[i + 1] = im;
        }
    }
}
