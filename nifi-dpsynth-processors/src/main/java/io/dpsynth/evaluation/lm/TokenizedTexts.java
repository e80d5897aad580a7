package io.dpsynth.evaluation.lm;

import io.dpsynth.tokenizer.TextTokenizer;

import java.util.Arrays;
import java.util.List;

/**
 * Texts as model token ids, cut explicitly to a length limit (the tokenizer never truncates, and a silent cut
 * would bias every metric), with how many were cut, and grouped into batches of similar length so that little
 * compute goes to padding. (Prefix-LM records for perplexity use {@link io.dpsynth.dpsgd.PrefixLmEncoder} instead,
 * exactly as tuning does.)
 */
final class TokenizedTexts {

    private final long[][] ids;
    private final int truncated;

    private TokenizedTexts(long[][] ids, int truncated) {
        this.ids = ids;
        this.truncated = truncated;
    }

    /**
     * Encodes every text, puts {@code leading} (e.g. the end-of-text id as a start token; may be empty) before it
     * and keeps at most {@code maxTokens} ids in all, counting {@code leading}.
     */
    static TokenizedTexts encode(TextTokenizer tokenizer, List<String> texts, long[] leading, int maxTokens) {
        if (maxTokens <= leading.length) {
            throw new IllegalArgumentException("a limit of " + maxTokens + " tokens leaves no room for text");
        }
        long[][] ids = new long[texts.size()][];
        int truncated = 0;
        for (int i = 0; i < ids.length; i++) {
            long[] text = tokenizer.encode(texts.get(i));
            int kept = Math.min(text.length, maxTokens - leading.length);
            if (kept < text.length) {
                truncated++;
            }
            long[] row = Arrays.copyOf(leading, leading.length + kept);
            System.arraycopy(text, 0, row, leading.length, kept);
            ids[i] = row;
        }
        return new TokenizedTexts(ids, truncated);
    }

    int size() {
        return ids.length;
    }

    long[] ids(int text) {
        return ids[text];
    }

    /** Texts that had more tokens than the limit and were cut. */
    int truncated() {
        return truncated;
    }

    /** Text indices grouped into batches of similar length ({@link LengthBatches#of}). */
    List<int[]> batches(int maxBatch, int tokenBudget) {
        return LengthBatches.of(Arrays.stream(ids).mapToInt(row -> row.length).toArray(), maxBatch, tokenBudget);
    }

    /** The texts of {@code batch} right-padded with {@code padding} to the longest of them. */
    long[][] padded(int[] batch, long padding) {
        int longest = 0;
        for (int index : batch) {
            longest = Math.max(longest, ids[index].length);
        }
        long[][] rows = new long[batch.length][];
        for (int b = 0; b < batch.length; b++) {
            rows[b] = Arrays.copyOf(ids[batch[b]], longest);
            Arrays.fill(rows[b], ids[batch[b]].length, longest, padding);
        }
        return rows;
    }
}
