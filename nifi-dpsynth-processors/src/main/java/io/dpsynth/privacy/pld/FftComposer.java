package io.dpsynth.privacy.pld;

import java.util.List;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Composes privacy loss distributions on a common grid: the composed loss is the sum of the
 * independent losses, so its pmf is the convolution of theirs, computed in the frequency domain.
 * A T-fold self-composition is one forward FFT, each coefficient raised to the T-th power, and one
 * inverse FFT; several different terms multiply their spectra before the single inverse FFT.
 *
 * <p>The FFT is circular with length N >= the {@link ChernoffWindow} width. Each input is folded
 * modulo N first (exact for a circular convolution). Mass of the composition outside the window
 * wraps around, adding at most the window's tail bounds somewhere (extra mass can only raise delta).
 * To stay pessimistic about the mass that is cut off, the bound on the mass above the window is
 * charged to the infinity mass and the bound on the mass below it to the lowest kept point.
 */
final class FftComposer {

    private FftComposer() {
    }

    /** The FFT length used for a window of {@code width} grid points. */
    static long fftLength(long width) {
        long length = 2;
        while (length < width) {
            length *= 2;
        }
        return length;
    }

    static PrivacyLossDistribution compose(List<CompositionTerm> terms, ChernoffWindow window) {
        if (terms.size() == 1 && terms.get(0).count() == 1) {
            return terms.get(0).distribution();
        }
        long longLength = fftLength(window.width());
        if (longLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("composition window of " + window.width() + " points is too wide");
        }
        int n = (int) longLength;
        DoubleFFT_1D fft = new DoubleFFT_1D(n);

        double interval = terms.get(0).distribution().interval();
        long base = 0;              // grid index of the sum when every term sits at its lowest point
        double logNoInfinity = 0;   // log P(no term hits its infinity mass)
        double[] spectrum = null;
        for (CompositionTerm term : terms) {
            PrivacyLossDistribution pld = term.distribution();
            if (pld.interval() != interval) {
                throw new IllegalArgumentException("terms on different grids: " + pld.interval() + " vs " + interval);
            }
            base += term.count() * pld.offset();
            logNoInfinity += term.count() * Math.log1p(-pld.infinityMass());

            double[] coefficients = folded(pld.massArray(), n);
            fft.realForward(coefficients);
            if (term.count() > 1) {
                SpectrumMath.power(coefficients, term.count());
            }
            if (spectrum == null) {
                spectrum = coefficients;
            } else {
                SpectrumMath.multiplyInto(spectrum, coefficients);
            }
        }
        fft.realInverse(spectrum, true);

        int width = (int) window.width();
        double[] masses = new double[width];
        for (int j = 0; j < width; j++) {
            double mass = spectrum[(int) Math.floorMod(window.lowest() + j - base, (long) n)];
            masses[j] = mass > 0 ? mass : 0; // FFT round-off leaves tiny negative values
        }
        masses[0] += window.lowerTailBound();
        double infinityMass = Math.min(1, -Math.expm1(logNoInfinity) + window.upperTailBound());
        return new PrivacyLossDistribution(interval, window.lowest(), masses, infinityMass);
    }

    /** The masses wrapped modulo n, so supports wider than the FFT still convolve correctly (circularly). */
    private static double[] folded(double[] masses, int n) {
        double[] out = new double[n];
        for (int k = 0; k < masses.length; k++) {
            out[k % n] += masses[k];
        }
        return out;
    }
}
