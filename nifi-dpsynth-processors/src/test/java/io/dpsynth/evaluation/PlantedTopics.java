package io.dpsynth.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Labelled texts whose class shows in word choice: each class draws half its words from its own vocabulary. */
public final class PlantedTopics {

    private PlantedTopics() {
    }

    public static List<LabeledText> texts(int count, List<String> labels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LabeledText> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int label = i % labels.size();
            StringBuilder text = new StringBuilder();
            int words = 5 + random.nextInt(30);
            for (int w = 0; w < words; w++) {
                boolean topical = random.nextBoolean();
                text.append(topical ? "t" + label + "w" + random.nextInt(40) : "common" + random.nextInt(200)).append(' ');
            }
            texts.add(new LabeledText(text.toString(), labels.get(label)));
        }
        return texts;
    }
}
