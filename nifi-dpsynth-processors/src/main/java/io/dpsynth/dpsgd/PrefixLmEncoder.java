package io.dpsynth.dpsgd;

import io.dpsynth.tokenizer.TextTokenizer;

import java.util.Arrays;

/**
 * Turns a labelled record into a {@link PrefixLmExample}: the prefix from a template ({@code <label>} replaced by
 * the record's label) and the text are tokenized separately — exactly as generation will later feed the prefix
 * alone — then end-of-text is appended. Sequences longer than {@code maxTokens} are cut explicitly and flagged.
 */
public final class PrefixLmEncoder {

    public static final String LABEL_PLACEHOLDER = "<label>";
    public static final String DEFAULT_TEMPLATE = "[" + LABEL_PLACEHOLDER + "] ";

    private final TextTokenizer tokenizer;
    private final String template;
    private final int maxTokens;

    /** @param maxTokens longest sequence kept, prefix and end-of-text included (at least 2) */
    public PrefixLmEncoder(TextTokenizer tokenizer, String template, int maxTokens) {
        if (maxTokens < 2) {
            throw new IllegalArgumentException("max tokens must be >= 2, got " + maxTokens);
        }
        this.tokenizer = tokenizer;
        this.template = template;
        this.maxTokens = maxTokens;
    }

    public String template() {
        return template;
    }

    public int maxTokens() {
        return maxTokens;
    }

    /** The prefix text of a label (schema, not record content). */
    public String prefix(String label) {
        return template.replace(LABEL_PLACEHOLDER, label);
    }

    /** @throws IllegalArgumentException if the prefix alone leaves no room for a text token (message has counts only) */
    public PrefixLmExample encode(String label, String text) {
        long[] prefix = tokenizer.encode(prefix(label));
        if (prefix.length + 1 > maxTokens) {
            throw new IllegalArgumentException("the prefix of a label takes " + prefix.length + " tokens, leaving no room "
                    + "for text within " + maxTokens + " tokens");
        }
        long[] body = tokenizer.encode(text);
        int full = prefix.length + body.length + 1;
        long[] tokens = Arrays.copyOf(prefix, Math.min(full, maxTokens));
        int textKept = Math.min(body.length, tokens.length - prefix.length);
        System.arraycopy(body, 0, tokens, prefix.length, textKept);
        boolean truncated = full > maxTokens;
        if (!truncated) {
            tokens[tokens.length - 1] = tokenizer.endOfTextId();
        }
        return new PrefixLmExample(tokens, prefix.length, truncated);
    }
}
