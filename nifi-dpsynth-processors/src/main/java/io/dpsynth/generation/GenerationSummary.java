package io.dpsynth.generation;

import java.util.Map;

/**
 * What a generation run produced.
 *
 * @param kept           records handed to the sink
 * @param dropped        malformed generations dropped (empty, whitespace only, or only the prefix again)
 * @param keptPerLabel   records kept per label, in the order of the plan
 * @param tokens         tokens generated in all, dropped generations included
 * @param maxNewTokens   the limit that applied (the requested one, lowered to fit the model's positions)
 */
public record GenerationSummary(int kept, int dropped, Map<String, Integer> keptPerLabel, long tokens, int maxNewTokens) {
}
