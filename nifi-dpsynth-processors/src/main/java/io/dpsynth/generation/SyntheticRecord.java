package io.dpsynth.generation;

/**
 * One generated record.
 *
 * @param index    position in the run's label schedule (0-based; dropped generations leave gaps)
 * @param label    the label it was conditioned on
 * @param text     the generated text, without the prefix
 * @param tokens   tokens generated (end-of-text not counted)
 * @param complete true when the model ended the text itself, false when Max New Tokens cut it
 */
public record SyntheticRecord(long index, String label, String text, int tokens, boolean complete) {
}
