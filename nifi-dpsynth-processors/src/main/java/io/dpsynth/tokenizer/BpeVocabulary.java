package io.dpsynth.tokenizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained byte-level BPE tokenizer as data: the tokens by id (ids 0..255 are the byte symbols), the merges in
 * rank order and the end-of-text special token, whose id comes after all other tokens.
 */
public record BpeVocabulary(List<String> tokens, List<BpeMerge> merges, String endOfText) {

    public static final String END_OF_TEXT = "<|endoftext|>";

    public BpeVocabulary {
        tokens = List.copyOf(tokens);
        merges = List.copyOf(merges);
    }

    /** Ids of all tokens except the special token. */
    public Map<String, Integer> idsByToken() {
        Map<String, Integer> ids = new HashMap<>(tokens.size() * 2);
        for (int id = 0; id < tokens.size(); id++) {
            ids.put(tokens.get(id), id);
        }
        return ids;
    }

    public int endOfTextId() {
        return tokens.size();
    }

    /** Tokens plus the special token. */
    public int size() {
        return tokens.size() + 1;
    }
}
