package io.dpsynth.pretrain;

import ai.djl.ndarray.NDManager;
import io.dpsynth.model.ForwardInput;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.model.Gpt2Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PretrainerTest {

    private static final Gpt2Config CONFIG = Gpt2Config.of(64, 32, 32, 2, 4);

    @Test
    void learnsARepetitiveCorpusAndWritesALoadableCheckpoint(@TempDir Path output) throws IOException {
        PackedSequences data = countingCorpus();
        PretrainSettings settings = new PretrainSettings(16, 8, 60, 1e-2, 5, 0.1, 0.01, 1.0, 30, 0, 1);
        List<String> progress = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
             Gpt2Weights weights = Gpt2Weights.initialize(CONFIG, manager, 1)) {
            Pretrainer pretrainer = new Pretrainer(settings, progress::add);
            double before = pretrainer.heldOutLoss(new Gpt2Model(weights), data.heldOut(), 0);
            Pretrainer.Result result = pretrainer.train(weights, data, output, Map.of("corpus", "synthetic"));
            assertTrue(before > 3.5, "untrained loss " + before);
            assertTrue(result.heldOutLoss() < 1.5, "held-out loss " + result.heldOutLoss() + " after training (was " + before + ")");
            assertTrue(progress.size() == 2 && result.tokensPerSecond() > 0);
            assertTrue(Files.exists(output.resolve(Pretrainer.RECIPE_FILE)));

            try (Gpt2Weights loaded = Gpt2Weights.load(output, manager); NDManager scope = manager.newSubManager()) {
                long[][] tokens = {{1, 2, 3, 4}};
                float[] trained = new Gpt2Model(weights).forward(ForwardInput.of(scope.create(tokens))).toFloatArray();
                float[] reloaded = new Gpt2Model(loaded).forward(ForwardInput.of(scope.create(tokens))).toFloatArray();
                assertArrayEquals(trained, reloaded, 0f);
            }
        }
    }

    /**
     * DJL wraps Java data and scalar operands in JVM memory that autograd may still read after DJL lets it go;
     * garbage collection during training then corrupted the backward pass (NaN within a few steps).
     */
    @Test
    void garbageCollectionDuringTrainingChangesNothing() throws IOException {
        PackedSequences data = countingCorpus();
        PretrainSettings shortRun = new PretrainSettings(16, 8, 20, 1e-2, 5, 0.1, 0.01, 1.0, 20, 0, 1);
        double quiet = trainedHeldOutLoss(data, shortRun);
        Thread collector = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        collector.setDaemon(true);
        collector.start();
        try {
            assertEquals(quiet, trainedHeldOutLoss(data, shortRun));
        } finally {
            collector.interrupt();
        }
    }

    private static double trainedHeldOutLoss(PackedSequences data, PretrainSettings settings) throws IOException {
        try (NDManager manager = NDManager.newBaseManager(); Gpt2Weights weights = Gpt2Weights.initialize(CONFIG, manager, 1)) {
            return new Pretrainer(settings, line -> { }).train(weights, data, null, Map.of()).heldOutLoss();
        }
    }

    /** Documents that count upwards from a random start: the next token is predictable. */
    private static PackedSequences countingCorpus() {
        SplittableRandom random = new SplittableRandom(3);
        List<long[]> documents = new ArrayList<>();
        for (int d = 0; d < 200; d++) {
            long start = random.nextInt(40);
            long[] document = new long[12];
            for (int i = 0; i < document.length; i++) {
                document[i] = start + i;
            }
            documents.add(document);
        }
        return PackedSequences.pack(documents.subList(20, 200), documents.subList(0, 20), CONFIG.eosTokenId(), 16);
    }
}
