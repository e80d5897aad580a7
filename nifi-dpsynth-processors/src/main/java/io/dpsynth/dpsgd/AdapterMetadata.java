package io.dpsynth.dpsgd;

import java.util.List;

/**
 * What an adapter was trained from and how, stored with it: schema and mechanism only, never record content
 * (label names are schema).
 *
 * @param baseModelFingerprint fingerprint of the frozen base model directory
 * @param prefixTemplate       the Prefix-LM template, {@code <label>} standing for the label
 * @param labels               distinct labels seen, sorted
 * @param datasetSize          N, records trained on
 * @param truncatedRecords     records cut to {@code maxTokens}
 * @param maxTokens            longest training sequence in tokens
 * @param mechanism            the DP-SGD calibration (q, σ, planned steps, target ε, δ, accountant)
 * @param stepsRun             steps actually run (and charged)
 * @param epsilonSpent         the accountant's ε for the steps run at δ
 * @param clipNorm             C
 * @param expectedBatchSize    qN
 * @param learningRate         Adam's learning rate
 * @param noiseMode            secure or seeded
 */
public record AdapterMetadata(String baseModelFingerprint, String prefixTemplate, List<String> labels, int datasetSize,
                              int truncatedRecords, int maxTokens, DpSgdCalibration mechanism, int stepsRun,
                              double epsilonSpent, double clipNorm, double expectedBatchSize, double learningRate,
                              NoiseMode noiseMode) {
}
