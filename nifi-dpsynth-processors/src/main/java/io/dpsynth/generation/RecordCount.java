package io.dpsynth.generation;

/** How many synthetic records to make: a number, or a multiple of the number of records the adapter was tuned on. */
public final class RecordCount {

    private RecordCount() {
    }

    public static int absolute(long count) {
        if (count < 1 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the record count must be between 1 and " + Integer.MAX_VALUE + ", got " + count);
        }
        return (int) count;
    }

    /** {@code ceil(multiple × datasetSize)}. */
    public static int perTrainingRecord(double multiple, int datasetSize) {
        if (!(multiple > 0) || Double.isInfinite(multiple)) {
            throw new IllegalArgumentException("records per training record must be a positive number, got " + multiple);
        }
        if (datasetSize < 1) {
            throw new IllegalArgumentException("the adapter's metadata has no dataset size (" + datasetSize + ")");
        }
        double exact = multiple * datasetSize;
        double count = Math.ceil(exact * (1 - 1e-12)); // 0.1 × 30 is 3.0000000000000004 in binary, and must give 3

        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(multiple + " × " + datasetSize + " records is too many");
        }
        return (int) count;
    }
}
