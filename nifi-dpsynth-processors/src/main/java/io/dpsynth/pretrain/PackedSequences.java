package io.dpsynth.pretrain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Tokenized documents joined with end-of-text separators and cut into fixed-length training sequences of
 * {@code length + 1} tokens (inputs plus the shifted targets; consecutive sequences share one token). Whole
 * documents, chosen by a seeded shuffle, form the held-out part, so no held-out text is trained on.
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
     * @param documents        token ids of each document (empty ones are skipped)
     * @param endOfText        separator appended after every document
     * @param length           tokens per training input
     * @param heldOutFraction  share of the tokens (by whole documents) kept for evaluation
     * @param seed             choice of held-out documents
     */
    public static PackedSequences pack(List<long[]> documents, long endOfText, int length, double heldOutFraction, long seed) {
        if (length < 1 || !(heldOutFraction >= 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("bad packing: length " + length + ", held-out fraction " + heldOutFraction);
        }
        List<long[]> order = new ArrayList<>(documents.stream().filter(d -> d.length > 0).toList());
        Collections.shuffle(order, new Random(seed));
        long total = order.stream().mapToLong(d -> d.length + 1L).sum();
        long heldOutTarget = Math.round(total * heldOutFraction);
        List<long[]> heldOutDocuments = new ArrayList<>();
        long heldOutCount = 0;
        while (heldOutCount < heldOutTarget && !order.isEmpty()) {
            long[] document = order.remove(order.size() - 1);
            heldOutDocuments.add(document);
            heldOutCount += document.length + 1L;
        }
        return new PackedSequences(cut(join(order, endOfText), length), cut(join(heldOutDocuments, endOfText), length),
                total - heldOutCount, heldOutCount);
    }

    private static long[] join(List<long[]> documents, long endOfText) {
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
