package io.dpsynth.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The tokenizer every part of dpsynth uses: a Hugging Face {@code tokenizer.json} run by the native HF
 * tokenizers library through DJL. Encoding adds no special tokens and never truncates or pads — DJL's default
 * would silently cut every text at 512 tokens; callers truncate explicitly. Thread-safe; close it to free the
 * native tokenizer.
 */
public final class TextTokenizer implements AutoCloseable {

    private static final Map<String, String> EXACT_OPTIONS = Map.of(
            "truncation", "false",
            "padding", "false",
            "addSpecialTokens", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final int vocabularySize;
    private final long endOfTextId;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, int vocabularySize, long endOfTextId) {
        this.tokenizer = tokenizer;
        this.vocabularySize = vocabularySize;
        this.endOfTextId = endOfTextId;
    }

    /** Loads a byte-level BPE {@code tokenizer.json} (ours or GPT-2's) with an {@code <|endoftext|>} token. */
    public static TextTokenizer load(Path tokenizerJson) throws IOException {
        BpeVocabulary vocabulary = TokenizerJsonReader.read(tokenizerJson);
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, EXACT_OPTIONS);
        if (!"DO_NOT_TRUNCATE".equals(tokenizer.getTruncation()) || !"DO_NOT_PAD".equals(tokenizer.getPadding())) {
            tokenizer.close();
            throw new IllegalStateException("the native tokenizer kept truncation or padding on");
        }
        return new TextTokenizer(tokenizer, vocabulary.size(), vocabulary.endOfTextId());
    }

    /** Token ids of {@code text}; a literal {@code <|endoftext|>} in the text becomes {@link #endOfTextId()}. */
    public long[] encode(String text) {
        return tokenizer.encode(text, false, false).getIds();
    }

    /** The text behind {@code ids}; special tokens are kept, so {@code decode(encode(s))} equals {@code s}. */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, false);
    }

    /** Number of ids, special token included: the size of the model's embedding table. */
    public int vocabularySize() {
        return vocabularySize;
    }

    public long endOfTextId() {
        return endOfTextId;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
