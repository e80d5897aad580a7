package io.dpsynth.generation;

import io.dpsynth.dpsgd.FullFineTuner;
import io.dpsynth.model.GenerationSettings;
import io.dpsynth.model.Generator;
import io.dpsynth.model.LanguageModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Generation with the third tuner, through Tuner.forGeneration only: its weights reach every pass and the head. */
class FullFineTunerGenerationTest {

    @Test
    void fullyTunedWeightsConditionEveryPassCachedOrNot(@TempDir Path directory) throws Exception {
        List<long[]> prompts = List.of(new long[] {91, 97, 93, 32}, new long[] {91, 98, 93, 32, 120, 120});
        try (LanguageModel language = PlantedLabels.model(directory, 5, 1, 1);
             FullFineTuner tuner = FullFineTuner.initialize(language.model())) {
            tuner.weights().tensors().values().forEach(t -> t.muli(3f)); // the copy, not the shared base
            Generator generator = new Generator(language.model());
            GenerationSettings greedy = GenerationSettings.greedy(12);
            List<long[]> cached = generator.generate(tuner, prompts, greedy);
            List<long[]> uncached = generator.generate(tuner, prompts, greedy.withCache(false));
            List<long[]> base = generator.generate(prompts, null, greedy);
            for (int i = 0; i < prompts.size(); i++) {
                assertArrayEquals(uncached.get(i), cached.get(i));
            }
            assertFalse(Arrays.equals(base.get(0), cached.get(0)) && Arrays.equals(base.get(1), cached.get(1)));
        }
    }
}
