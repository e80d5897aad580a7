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
     * Raises every coefficient to the power {@code exponent}. Coefficients whose result would
     * underflow (|c|^T below e^-745) are set to 0 up front, which also keeps the squarings out of
     * slow subnormal arithmetic; the rest use binary powering (about 2 log2 T complex products, no
     * transcendental functions). Like the polar form r^T e^(i T theta), its relative error grows
     * linearly in T (about T * 1e-16), but it is several times faster on large spectra.
     */
    static void power(double[] a, long exponent) {
        double t = exponent;
        a[0] = Math.pow(a[0], t);
        a[1] = Math.pow(a[1], t);
        // |c|^2 < e^(2 * UNDERFLOW_LOG / T)  <=>  T log|c| < UNDERFLOW_LOG
        double negligibleSquaredMagnitude = Math.exp(2 * UNDERFLOW_LOG / t);
        for (int i = 2; i + 1 < a.length; i += 2) {
            double re = a[i];
            double im = a[i + 1];
            if (re * re + im * im < negligibleSquaredMagnitude) {
                a[i] = 0;
                a[i + 1] = 0;
                continue;
            }
            double resultRe = 1;
            double resultIm = 0;
            for (long e = exponent; ; ) {
                if ((e & 1) != 0) {
                    double r = resultRe * re - resultIm * im;
                    resultIm = resultRe * im + resultIm * re;
                    resultRe = r;
                }
                e >>>= 1;
                if (e == 0) {
                    break;
                }
                double r = re * re - im * im;
                im = 2 * re * im;
                re = r;
            }
            a[i] = resultRe;
            a[i + 1] = resultIm;
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
