package io.dpsynth.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure-Java byte-level BPE encoding as GPT-2 defines it: within each pre-tokenised piece, repeatedly merge the
 * adjacent pair with the lowest merge rank. The reference the native tokenizer is checked against; not tuned
 * for speed.
 */
public final class BpeEncoder {

    private final BpeVocabulary vocabulary;
    private final Map<String, Integer> idsByToken;
    private final Map<BpeMerge, Integer> rankByMerge = new HashMap<>();

    public BpeEncoder(BpeVocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.idsByToken = vocabulary.idsByToken();
        for (int rank = 0; rank < vocabulary.merges().size(); rank++) {
            rankByMerge.putIfAbsent(vocabulary.merges().get(rank), rank);
        }
    }

    /** Token ids of {@code text}; literal end-of-text markers become the special id, as in HF tokenizers. */
    public long[] encode(String text) {
        List<Long> ids = new ArrayList<>();
        int start = 0;
        for (int marker; (marker = text.indexOf(vocabulary.endOfText(), start)) >= 0; ) {
            encodeOrdinary(text.substring(start, marker), ids);
            ids.add((long) vocabulary.endOfTextId());
            start = marker + vocabulary.endOfText().length();
        }
        encodeOrdinary(text.substring(start), ids);
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private void encodeOrdinary(String text, List<Long> ids) {
        for (String piece : PreTokenizer.splitToSymbols(text)) {
            for (String token : mergePiece(piece)) {
                ids.add((long) idsByToken.get(token));
            }
        }
    }

    /** GPT-2's {@code bpe()}: merge every occurrence of the best-ranked pair until no pair has a rank. */
    List<String> mergePiece(String piece) {
        List<String> symbols = new ArrayList<>(piece.length());
        for (int i = 0; i < piece.length(); i++) {
            symbols.add(piece.substring(i, i + 1));
        }
        while (symbols.size() > 1) {
            BpeMerge best = null;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                BpeMerge pair = new BpeMerge(symbols.get(i), symbols.get(i + 1));
                Integer rank = rankByMerge.get(pair);
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    best = pair;
                }
            }
            if (best == null) {
                break;
            }
            List<String> merged = new ArrayList<>(symbols.size());
            for (int i = 0; i < symbols.size(); i++) {
                if (i + 1 < symbols.size() && symbols.get(i).equals(best.left()) && symbols.get(i + 1).equals(best.right())) {
                    merged.add(best.merged());
                    i++;
                } else {
                    merged.add(symbols.get(i));
                }
            }
            symbols = merged;
        }
        return symbols;
    }
}
