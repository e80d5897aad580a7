package io.dpsynth.nifi.processors;

/**
 * Where the real evaluation records' text, label and split are, and which split values mean
 * training and held-out. Records of any other split are skipped.
 */
record RealRecordsSettings(String textField, String labelField, String splitField, String trainValue,
                           String heldOutValue) {
}
