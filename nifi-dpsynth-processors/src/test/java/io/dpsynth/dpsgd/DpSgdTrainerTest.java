package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDManager;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.pld.PldAccountant;
import io.dpsynth.privacy.rdp.RdpAccountant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DpSgdTrainerTest {

    private static NDManager manager;
    private static Gpt2Model model;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
        model = TinyModels.model(manager, 3, 10);
    }

    @AfterAll
    static void stop() {
        model.weights().close();
        manager.close();
    }

    @Test
    void privatePromptTuningLowersTheLossOfThePlantedData() {
        List<PrefixLmExample> data = TinyModels.planted(64);
        DpSgdSettings settings = new DpSgdSettings(40, 16, 0.3, 1.0, 0.8, 16, NoiseMode.SEEDED, 1);
        try (PromptTuner tuner = PromptTuner.initialize(model, 8, 2)) {
            double before = PrefixLmEvaluator.meanLoss(model, tuner, data, 32);
            List<Integer> batchSizes = new ArrayList<>();
            DpSgdRun run = new DpSgdTrainer(model, tuner, settings).train(data, new TrainingMonitor() {
                @Override
                public void stepDone(int step, int batchSize, double meanLoss) {
                    batchSizes.add(batchSize);
                }
            });
            double after = PrefixLmEvaluator.meanLoss(model, tuner, data, 32);
            assertEquals(40, run.stepsRun());
            assertFalse(run.cancelled());
            assertEquals(40, batchSizes.size());
            assertTrue(batchSizes.stream().distinct().count() > 1, "Poisson batches vary in size: " + batchSizes);
            assertTrue(after < before - 0.2, "loss " + before + " -> " + after);
        }
    }

    static Stream<Arguments> comparedTuners() {
        return Stream.of(
                Arguments.of(Named.of("LoRA", (Function<Gpt2Model, Tuner>) m -> LoraTuner.initialize(m, 4, 8, 2)), 0.02),
                Arguments.of(Named.of("full fine-tuning", (Function<Gpt2Model, Tuner>) FullFineTuner::initialize), 0.002));
    }

    @ParameterizedTest
    @MethodSource("comparedTuners")
    void comparedTuningMethodsAlsoLearnAndLeaveTheSharedBaseModelUnchanged(Function<Gpt2Model, Tuner> tuners,
                                                                           double learningRate) {
        List<PrefixLmExample> data = TinyModels.planted(64);
        DpSgdSettings settings = new DpSgdSettings(40, 16, learningRate, 1.0, 0.8, 16, NoiseMode.SEEDED, 1);
        Map<String, float[]> base = new HashMap<>();
        model.weights().tensors().forEach((name, tensor) -> base.put(name, tensor.toFloatArray()));
        try (Tuner tuner = tuners.apply(model)) {
            double before = PrefixLmEvaluator.meanLoss(model, tuner, data, 32);
            new DpSgdTrainer(model, tuner, settings).train(data, TrainingMonitor.NONE);
            double after = PrefixLmEvaluator.meanLoss(model, tuner, data, 32);
            assertTrue(after < before - 0.2, "loss " + before + " -> " + after);
        }
        model.weights().tensors().forEach((name, tensor) -> {
            assertArrayEquals(base.get(name), tensor.toFloatArray(), 0f, name + " of the shared base model changed");
            assertFalse(tensor.hasGradient(), name + " of the shared base model became trainable");
        });
    }

    @Test
    void emptyBatchesAreStepsWithNoiseOnly() {
        List<PrefixLmExample> data = TinyModels.planted(2000);
        // q = 1e-4: nearly every batch is empty, yet every step is counted and moves the prompt
        DpSgdSettings settings = new DpSgdSettings(5, 0.2, 0.01, 1.0, 1.0, 8, NoiseMode.SEEDED, 4);
        try (PromptTuner tuner = PromptTuner.initialize(model, 2, 2)) {
            float[] start = tuner.prompt().toFloatArray();
            List<Integer> sizes = new ArrayList<>();
            DpSgdRun run = new DpSgdTrainer(model, tuner, settings).train(data, new TrainingMonitor() {
                @Override
                public void stepDone(int step, int batchSize, double meanLoss) {
                    sizes.add(batchSize);
                }
            });
            assertEquals(5, run.stepsRun());
            assertEquals(List.of(0, 0, 0, 0, 0), sizes);
            assertFalse(java.util.Arrays.equals(start, tuner.prompt().toFloatArray()), "noise-only steps must update");
        }
    }

    @Test
    void seededRunsRepeatExactly() {
        List<PrefixLmExample> data = TinyModels.planted(32);
        DpSgdSettings settings = new DpSgdSettings(3, 8, 0.05, 1.0, 1.0, 4, NoiseMode.SEEDED, 9);
        float[][] prompts = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (PromptTuner tuner = PromptTuner.initialize(model, 2, 2)) {
                new DpSgdTrainer(model, tuner, settings).train(data, TrainingMonitor.NONE);
                prompts[run] = tuner.prompt().toFloatArray();
            }
        }
        assertArrayEquals(prompts[0], prompts[1], 0f);
    }

    @Test
    void cancellationStopsBetweenStepsAndReportsTheStepsRun() {
        List<PrefixLmExample> data = TinyModels.planted(32);
        DpSgdSettings settings = new DpSgdSettings(50, 8, 0.05, 1.0, 1.0, 8, NoiseMode.SEEDED, 9);
        try (PromptTuner tuner = PromptTuner.initialize(model, 2, 2)) {
            int[] done = {0};
            DpSgdTrainer trainer = new DpSgdTrainer(model, tuner, settings);
            DpSgdRun run = trainer.train(data, new TrainingMonitor() {
                @Override
                public boolean cancelled() {
                    return done[0] >= 3;
                }

                @Override
                public void stepDone(int step, int batchSize, double meanLoss) {
                    done[0] = step;
                }
            });
            assertTrue(run.cancelled());
            assertEquals(3, run.stepsRun());
            assertEquals(3, trainer.stepsStarted());
        }
    }

    @Test
    void aFailedStepIsCountedAsStarted() {
        List<PrefixLmExample> data = TinyModels.planted(32);
        DpSgdSettings settings = new DpSgdSettings(10, 8, 0.05, 1.0, 1.0, 8, NoiseMode.SEEDED, 9);
        try (PromptTuner tuner = PromptTuner.initialize(model, 2, 2)) {
            DpSgdTrainer trainer = new DpSgdTrainer(model, tuner, settings);
            assertThrows(IllegalStateException.class, () -> trainer.train(data, new TrainingMonitor() {
                @Override
                public void stepDone(int step, int batchSize, double meanLoss) {
                    if (step == 2) {
                        throw new IllegalStateException("simulated failure");
                    }
                }
            }));
            assertEquals(2, trainer.stepsStarted());
        }
    }

    @Test
    void calibratedNoiseMeetsTheTargetUnderTheChosenAccountant() {
        DpSgdCalibration pld = DpSgdCalibration.calibrate(1000, 32, 100, 4, 1e-5, DpSgdAccountant.PLD);
        DpSgdCalibration rdp = DpSgdCalibration.calibrate(1000, 32, 100, 4, 1e-5, DpSgdAccountant.RDP);
        assertEquals(0.032, pld.samplingRate(), 1e-12);
        double pldEpsilon = new PldAccountant().epsilon(DpEvent.dpSgd(0.032, pld.noiseMultiplier(), 100), 1e-5);
        double rdpEpsilon = new RdpAccountant().epsilon(DpEvent.dpSgd(0.032, rdp.noiseMultiplier(), 100), 1e-5);
        assertTrue(pldEpsilon <= 4 && pldEpsilon > 3.99, "PLD epsilon " + pldEpsilon);
        assertTrue(rdpEpsilon <= 4 && rdpEpsilon > 3.99, "RDP epsilon " + rdpEpsilon);
        assertTrue(pld.noiseMultiplier() < rdp.noiseMultiplier(), "PLD is the tighter accountant");
        assertEquals(DpEvent.dpSgd(0.032, pld.noiseMultiplier(), 37), pld.event(37));
    }

    @Test
    void datasetTooSmallForTheTargetIsRefusedWithNumbersOnly() {
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> DpSgdCalibration.calibrate(20, 32, 100, 4, 1e-5, DpSgdAccountant.PLD));
        assertTrue(batch.getMessage().startsWith("dataset too small"), batch.getMessage());
        IllegalArgumentException epsilon = assertThrows(IllegalArgumentException.class,
                () -> DpSgdCalibration.calibrate(40, 32, 5000, 0.01, 1e-5, DpSgdAccountant.RDP));
        assertTrue(epsilon.getMessage().startsWith("dataset too small"), epsilon.getMessage());
    }
}
