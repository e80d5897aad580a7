package io.dpsynth.nifi.processors;

import io.dpsynth.dpsgd.AdapterMetadata;
import io.dpsynth.dpsgd.DpSgdCalibration;
import io.dpsynth.dpsgd.DpSgdSettings;
import io.dpsynth.nifi.DpsynthAttributes;

import java.util.HashMap;
import java.util.Map;

/** DpPromptTune's attributes and provenance details: the mechanism and counts, never record content. */
final class DpTuneAttributes {

    private DpTuneAttributes() {
    }

    /** The mechanism that ran (what was charged): for the adapter, and for a failed or stopped run's input. */
    static Map<String, String> mechanism(DpSgdCalibration calibration, DpSgdSettings settings, int stepsRun) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put(DpsynthAttributes.DPSGD_NOISE_MULTIPLIER, Double.toString(calibration.noiseMultiplier()));
        attributes.put(DpsynthAttributes.DPSGD_SAMPLING_RATE, Double.toString(calibration.samplingRate()));
        attributes.put(DpsynthAttributes.DPSGD_STEPS, Integer.toString(stepsRun));
        attributes.put(DpsynthAttributes.DPSGD_CLIP_NORM, Double.toString(settings.clipNorm()));
        attributes.put(DpsynthAttributes.DPSGD_ACCOUNTANT, calibration.accountant().name());
        attributes.put(DpsynthAttributes.DPSGD_NOISE_MODE, settings.noiseMode().name());
        attributes.put(DpsynthAttributes.DPSGD_DATASET_SIZE, Integer.toString(calibration.datasetSize()));
        return attributes;
    }

    static Map<String, String> adapter(AdapterMetadata metadata, DpSgdSettings settings, String tuning) {
        Map<String, String> attributes = mechanism(metadata.mechanism(), settings, metadata.stepsRun());
        attributes.put(DpsynthAttributes.DPSGD_TUNING, tuning);
        attributes.put(DpsynthAttributes.DPSGD_TRUNCATED_RECORDS, Integer.toString(metadata.truncatedRecords()));
        attributes.put(DpsynthAttributes.DPSGD_EPSILON, Double.toString(metadata.epsilonSpent()));
        attributes.put(DpsynthAttributes.DPSGD_DELTA, Double.toString(metadata.mechanism().delta()));
        attributes.put(DpsynthAttributes.BASE_MODEL_FINGERPRINT, metadata.baseModelFingerprint());
        attributes.put("mime.type", "application/zip");
        return attributes;
    }

    static String provenanceDetails(AdapterMetadata metadata, String tuning, String entryId) {
        DpSgdCalibration mechanism = metadata.mechanism();
        return String.format("DP-SGD %s: sigma=%s q=%s steps=%d C=%s accountant=%s epsilon=%s delta=%s mode=%s records=%d "
                        + "truncated=%d entry=%s", tuning, mechanism.noiseMultiplier(), mechanism.samplingRate(),
                metadata.stepsRun(), metadata.clipNorm(), mechanism.accountant(), metadata.epsilonSpent(), mechanism.delta(),
                metadata.noiseMode(), metadata.datasetSize(), metadata.truncatedRecords(), entryId);
    }
}
