package io.dpsynth.privacy.rdp;

/**
 * RDP of the Gaussian mechanism with noise multiplier z (noise standard deviation over L2
 * sensitivity): exactly a / (2 z^2) at order a (Mironov 2017, Prop. 7).
 */
final class GaussianRdp {

    private GaussianRdp() {
    }

    static double rdp(double noiseMultiplier, double order) {
        return order / (2 * noiseMultiplier * noiseMultiplier);
    }
}
