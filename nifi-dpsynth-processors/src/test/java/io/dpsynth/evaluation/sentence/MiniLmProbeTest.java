package io.dpsynth.evaluation.sentence;

import io.dpsynth.evaluation.LabeledText;
import io.dpsynth.evaluation.downstream.ClassificationScores;
import io.dpsynth.evaluation.downstream.DownstreamEvaluation;
import io.dpsynth.evaluation.downstream.MiniLmProbe;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The linear probe on MiniLM learns two topics that share no template words, and nothing from shuffled labels. */
class MiniLmProbeTest {

    private static final String[] SPORT = {"the striker scored a late goal", "the team won the championship final",
            "our goalkeeper saved a penalty", "the coach praised the defenders", "fans cheered in the stadium",
            "the referee showed a red card", "she ran the marathon in record time", "the match went to extra time"};
    private static final String[] COOKING = {"simmer the onions in butter", "bake the bread until golden",
            "season the soup with pepper", "the chef chopped fresh basil", "whisk the eggs with sugar",
            "roast the vegetables in the oven", "the recipe needs two cups of flour", "stir the sauce slowly"};
    private static final String[] FILLER = {"yesterday", "as usual", "on Sunday", "again", "this week", "once more"};

    private static List<LabeledText> texts(int count, long seed) {
        Random random = new Random(seed);
        List<LabeledText> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean sport = i % 2 == 0;
            String[] topic = sport ? SPORT : COOKING;
            texts.add(new LabeledText(topic[random.nextInt(topic.length)] + " " + FILLER[random.nextInt(FILLER.length)]
                    + ", and " + topic[random.nextInt(topic.length)], sport ? "sport" : "cooking"));
        }
        return texts;
    }

    @Test
    void learnsTopicsAndLandsNearChanceOnShuffledLabels() {
        List<LabeledText> train = texts(100, 1);
        List<LabeledText> test = texts(200, 2);
        MiniLmProbe probe = MiniLmProbe.defaults();
        ClassificationScores scores = DownstreamEvaluation.trainAndTest(probe, train, test);
        assertTrue(scores.accuracy() > 0.95, "accuracy " + scores.accuracy());

        List<String> labels = new ArrayList<>(train.stream().map(LabeledText::label).toList());
        Collections.shuffle(labels, new Random(7));
        List<LabeledText> shuffled = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            shuffled.add(new LabeledText(train.get(i).text(), labels.get(i)));
        }
        ClassificationScores chance = DownstreamEvaluation.trainAndTest(probe, shuffled, test);
        // two balanced classes: chance is 1/2; 200 test texts put 2.5 standard errors at about ±0.09
        assertEquals(0.5, chance.accuracy(), 0.12, "accuracy " + chance.accuracy());
        assertEquals("minilm-probe", probe.name());
        assertEquals(MiniLmSentenceEncoder.NAME, probe.settings().get("encoder"));
    }
}
