package io.dpsynth.evaluation.lm;

import io.dpsynth.dpsgd.Tuner;

/**
 * The base model with a tuned adapter applied, for the tuned perplexity.
 *
 * @param tuner          the adapter, applied through {@link Tuner#withShared}; owned by the caller
 * @param name           its name for reports, e.g. {@code soft-prompt-20} or {@code lora-r8}
 * @param prefixTemplate the Prefix-LM template it was tuned with: the records are conditioned on it
 */
public record TunedModel(Tuner tuner, String name, String prefixTemplate) {
}
