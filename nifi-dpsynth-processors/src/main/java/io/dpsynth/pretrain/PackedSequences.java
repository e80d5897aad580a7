package io.dpsynth.pretrain;

import java.util.Arrays;
import java.util.List;

/**
 * Tokenized documents joined with end-of-text separators and cut into fixed-length training sequences of
 * {@code length + 1} tokens (inputs plus the shifted targets; consecutive sequences share one token). Training
 * and held-out documents are packed separately, so no held-out text is trained on.
 */
public final class PackedSequences {

    private final long[][] training;
    private final long[][] heldOut;
    private final long trainingTokens;
    private final long heldOutTokens;

    private PackedSequences(long[][] training, long[][] heldOut, long trainingTokens, long heldOutTokens) {
        this.training = training;
        this.heldOut = heldOut;
        this.trainingTokens = trainingTokens;
        this.heldOutTokens = heldOutTokens;
    }

    /**
     * @param trainingDocuments  token ids of the training documents (empty ones are skipped)
     * @param heldOutDocuments   token ids of the held-out documents (see {@code HeldOutSplit})
     * @param endOfText          separator appended after every document
     * @param length             tokens per training input
     */
    public static PackedSequences pack(List<long[]> trainingDocuments, List<long[]> heldOutDocuments, long endOfText, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("sequence length must be positive: " + length);
        }
        long[] training = join(trainingDocuments, endOfText);
        long[] heldOut = join(heldOutDocuments, endOfText);
        return new PackedSequences(cut(training, length), cut(heldOut, length), training.length, heldOut.length);
    }

    private static long[] join(List<long[]> all, long endOfText) {
        List<long[]> documents = all.stream().filter(d -> d.length > 0).toList();
        long[] stream = new long[Math.toIntExact(documents.stream().mapToLong(d -> d.length + 1L).sum())];
        int at = 0;
        for (long[] document : documents) {
            System.arraycopy(document, 0, stream, at, document.length);
            at += document.length;
            stream[at++] = endOfText;
        }
        return stream;
    }

    private static long[][] cut(long[] stream, int length) {
        int count = stream.length <= length ? 0 : (stream.length - 1) / length;
        long[][] sequences = new long[count][];
        for (int i = 0; i < count; i++) {
            sequences[i] = Arrays.copyOfRange(stream, i * length, i * length + length + 1);
        }
        return sequences;
    }

    /** Training sequences of {@code length + 1} tokens. */
    public long[][] training() {
        return training;
    }

    /** Held-out sequences of {@code length + 1} tokens. */
    public long[][] heldOut() {
        return heldOut;
    }

    public long trainingTokens() {
        return trainingTokens;
    }

    public long heldOutTokens() {
        return heldOutTokens;
    }
}
