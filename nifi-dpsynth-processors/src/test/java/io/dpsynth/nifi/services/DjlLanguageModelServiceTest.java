package io.dpsynth.nifi.services;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.dpsynth.model.BundledModel;
import io.dpsynth.model.ForwardInput;
import io.dpsynth.model.Gpt2Weights;
import io.dpsynth.model.LanguageModel;
import io.dpsynth.model.NativeArrays;
import io.dpsynth.model.TinyModelDirectory;
import io.dpsynth.model.TrainingLease;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DjlLanguageModelServiceTest {

    private static final String SERVICE_ID = "model";

    @TempDir
    Path temp;
    private Path modelDirectory;
    private TestRunner runner;

    @BeforeEach
    void writeTinyModel() throws IOException {
        modelDirectory = TinyModelDirectory.write(Files.createDirectory(temp.resolve("model")));
        runner = TestRunners.newTestRunner(NoOpProcessor.class);
    }

    private DjlLanguageModelService addService(DjlLanguageModelService service, String directory) throws InitializationException {
        runner.addControllerService(SERVICE_ID, service);
        if (directory != null) {
            runner.setProperty(service, DjlLanguageModelService.MODEL_DIRECTORY, directory);
        }
        runner.setProperty(service, DjlLanguageModelService.THREADS, "1");
        return service;
    }

    private DjlLanguageModelService addService(String directory) throws InitializationException {
        return addService(new DjlLanguageModelService(), directory);
    }

    private DjlLanguageModelService enabledService() throws InitializationException {
        DjlLanguageModelService service = addService(modelDirectory.toString());
        runner.enableControllerService(service);
        return service;
    }

    @Test
    void enabledServiceSharesAWorkingModel() throws Exception {
        DjlLanguageModelService service = enabledService();
        LanguageModel model = service.languageModel();
        assertEquals(modelDirectory, model.directory());
        long[] ids = model.tokenizer().encode("ok?");
        assertEquals(3, ids.length);
        try (NDManager pass = model.model().weights().manager().newSubManager()) {
            NDArray logits = model.model().forward(ForwardInput.of(NativeArrays.of(pass, new long[][] {ids})));
            assertArrayEquals(new long[] {1, 3, TinyModelDirectory.CONFIG.vocabularySize()}, logits.getShape().getShape());
        }
        assertEquals(TinyModelDirectory.CONFIG.maxPositions(), service.maxSequenceLength());
        assertEquals(LanguageModel.fingerprint(modelDirectory), model.fingerprint());
        assertEquals(Engine.getInstance().getGpuCount() > 0 ? Device.gpu(0) : Device.cpu(), model.device());
    }

    @Test
    void recommendedEnvironmentGivesNoWarning() throws Exception {
        // Surefire runs with the settings the README asks for in bootstrap.conf and nifi-env.sh.
        enabledService();
        assertEquals(List.of(), runner.getControllerServiceLogger(SERVICE_ID).getWarnMessages());
    }

    @Test
    void disablingClosesTheModel() throws Exception {
        DjlLanguageModelService service = enabledService();
        LanguageModel model = service.languageModel();
        runner.disableControllerService(service);
        assertFalse(model.isOpen());
        assertThrows(IllegalStateException.class, service::languageModel);
        assertThrows(IllegalStateException.class, () -> service.acquireTraining(Duration.ZERO));
    }

    @Test
    void maxSequenceLengthIsAtMostTheModelsPositions() throws Exception {
        DjlLanguageModelService service = addService(modelDirectory.toString());
        runner.setProperty(service, DjlLanguageModelService.MAX_SEQUENCE_LENGTH, "17");
        assertInvalid(service, "n_positions 16");
        runner.setProperty(service, DjlLanguageModelService.MAX_SEQUENCE_LENGTH, "8");
        runner.enableControllerService(service);
        assertEquals(8, service.maxSequenceLength());
    }

    @Test
    void cpuDeviceAndBadDeviceSyntax() throws Exception {
        DjlLanguageModelService service = addService(modelDirectory.toString());
        runner.setProperty(service, DjlLanguageModelService.DEVICE, "tpu");
        assertInvalid(service, "auto, cpu, gpu or gpu:N");
        runner.setProperty(service, DjlLanguageModelService.DEVICE, "cpu");
        runner.enableControllerService(service);
        assertEquals(Device.cpu(), service.languageModel().device());
    }

    @Test
    void requiredGpuThatIsMissingRefusesToEnable() throws Exception {
        assumeTrue(Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
        DjlLanguageModelService service = addService(modelDirectory.toString());
        runner.setProperty(service, DjlLanguageModelService.DEVICE, "gpu");
        assertRefusesToEnable(service, "gpu:0", "no GPU");
    }

    @Test
    void missingDirectoryIsInvalid() throws Exception {
        DjlLanguageModelService service = addService(temp.resolve("absent").toString());
        runner.assertNotValid(service);
    }

    @Test
    void missingConfigIsInvalid() throws Exception {
        Files.delete(modelDirectory.resolve("config.json"));
        assertInvalid(addService(modelDirectory.toString()), "config.json: missing");
    }

    @Test
    void missingTokenizerIsInvalid() throws Exception {
        Files.delete(modelDirectory.resolve("tokenizer.json"));
        assertInvalid(addService(modelDirectory.toString()), "tokenizer.json: missing");
    }

    @Test
    void unknownArchitectureIsInvalid() throws Exception {
        Files.writeString(modelDirectory.resolve("config.json"), "{\"model_type\": \"llama\"}");
        assertInvalid(addService(modelDirectory.toString()), "config.json: unsupported model_type 'llama'");
    }

    @Test
    void truncatedWeightsRefuseToEnable() throws Exception {
        Path weights = modelDirectory.resolve(Gpt2Weights.WEIGHTS_FILE);
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(bytes, bytes.length / 2));
        DjlLanguageModelService service = addService(modelDirectory.toString());
        assertRefusesToEnable(service, "model.safetensors", "truncated");
    }

    @Test
    void weightsWithWrongShapesRefuseToEnable() throws Exception {
        Path other = TinyModelDirectory.write(Files.createDirectory(temp.resolve("wider")),
                io.dpsynth.model.Gpt2Config.of(257, 16, 32, 1, 2), 1);
        Files.copy(other.resolve(Gpt2Weights.WEIGHTS_FILE), modelDirectory.resolve(Gpt2Weights.WEIGHTS_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        DjlLanguageModelService service = addService(modelDirectory.toString());
        assertRefusesToEnable(service, "model.safetensors", "'wte.weight' has shape [257, 32], expected [257, 16]");
    }

    @Test
    void badHeaderRefusesToEnable() throws Exception {
        Path weights = modelDirectory.resolve(Gpt2Weights.WEIGHTS_FILE);
        byte[] bytes = Files.readAllBytes(weights);
        bytes[8] = 'x';
        Files.write(weights, bytes);
        assertRefusesToEnable(addService(modelDirectory.toString()), "model.safetensors", "bad header");
    }

    @Test
    void trainingIsHandedOutOneJobAtATime() throws Exception {
        DjlLanguageModelService service = enabledService();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            TrainingLease first = service.acquireTraining(Duration.ZERO);
            CountDownLatch secondTrains = new CountDownLatch(1);
            Future<?> second = pool.submit(() -> {
                try (TrainingLease lease = service.acquireTraining(Duration.ofSeconds(30))) {
                    secondTrains.countDown();
                }
                return null;
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (service.trainingJobsWaiting() != 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(1, service.trainingJobsWaiting());
            Future<?> impatient = pool.submit(() -> service.acquireTraining(Duration.ofMillis(50)));
            Exception timedOut = assertThrows(Exception.class, () -> impatient.get(10, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, timedOut.getCause());
            assertEquals(1, secondTrains.getCount(), "the second job trained while the first held the lease");
            first.close();
            assertTrue(secondTrains.await(10, TimeUnit.SECONDS));
            second.get(10, TimeUnit.SECONDS);
            assertEquals(0, service.trainingJobsWaiting());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void emptyDirectoryLoadsTheBundledModel() throws Exception {
        DjlLanguageModelService service = addService(new DjlLanguageModelService(tinyBundle(), temp.resolve("extracted")), null);
        runner.enableControllerService(service);
        Path directory = service.languageModel().directory();
        assertTrue(directory.startsWith(temp.resolve("extracted")), directory.toString());
        assertEquals(LanguageModel.fingerprint(modelDirectory), service.languageModel().fingerprint());
    }

    @Test
    void emptyDirectoryWithoutABundledModelIsInvalid() throws Exception {
        Path classPath = Files.createDirectory(temp.resolve("empty-class-path"));
        BundledModel absent = BundledModel.at(new URLClassLoader(new URL[] {classPath.toUri().toURL()}, null),
                BundledModel.RESOURCE_DIRECTORY);
        DjlLanguageModelService service = addService(new DjlLanguageModelService(absent, temp.resolve("extracted")), null);
        assertInvalid(service, "not in this build");
    }

    @Test
    void thisBuildsBundledModelLoadsOrIsReportedMissing() throws Exception {
        BundledModel bundled = BundledModel.inThisJar();
        DjlLanguageModelService service = addService(new DjlLanguageModelService(bundled, temp.resolve("extracted")), null);
        if (bundled.missingFiles().isEmpty()) {
            runner.enableControllerService(service);
            assertTrue(service.languageModel().tokenizer().encode("The bundled model.").length > 0);
        } else {
            // Until models/dpsynth-gpt2-small holds the pre-trained weights, the service must say so plainly.
            assertInvalid(service, "the bundled model dpsynth-gpt2-small is not in this build");
        }
    }

    @Test
    void verifyReportsEachStep() throws Exception {
        DjlLanguageModelService service = addService(modelDirectory.toString());
        List<ConfigVerificationResult> results = runner.verify(service, java.util.Map.of());
        assertEquals(List.of("model directory", "config", "weights", "tokenizer", "device"),
                results.stream().map(ConfigVerificationResult::getVerificationStepName).toList());
        assertTrue(results.stream().allMatch(r -> r.getOutcome() == Outcome.SUCCESSFUL), results.toString());
    }

    @Test
    void verifyNamesTheBrokenFile() throws Exception {
        Path weights = modelDirectory.resolve(Gpt2Weights.WEIGHTS_FILE);
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(bytes, bytes.length - 1));
        DjlLanguageModelService service = addService(modelDirectory.toString());
        List<ConfigVerificationResult> results = runner.verify(service, java.util.Map.of());
        ConfigVerificationResult weightsStep = results.get(2);
        assertEquals(Outcome.FAILED, weightsStep.getOutcome());
        assertTrue(weightsStep.getExplanation().contains("model.safetensors"), weightsStep.getExplanation());
        assertEquals(Outcome.SUCCESSFUL, results.get(3).getOutcome());

        Files.delete(modelDirectory.resolve("config.json"));
        List<Outcome> outcomes = runner.verify(service, java.util.Map.of()).stream().map(ConfigVerificationResult::getOutcome).toList();
        assertEquals(List.of(Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SUCCESSFUL), outcomes);
    }

    private BundledModel tinyBundle() throws IOException {
        Path classPath = temp.resolve("class-path");
        Path resources = Files.createDirectories(classPath.resolve(BundledModel.RESOURCE_DIRECTORY));
        for (String name : LanguageModel.REQUIRED_FILES) {
            Files.copy(modelDirectory.resolve(name), resources.resolve(name));
        }
        return BundledModel.at(new URLClassLoader(new URL[] {classPath.toUri().toURL()}, null), BundledModel.RESOURCE_DIRECTORY);
    }

    private void assertInvalid(DjlLanguageModelService service, String explanation) {
        Collection<ValidationResult> results = runner.validate(service);
        assertTrue(results.stream().anyMatch(r -> !r.isValid() && r.getExplanation().contains(explanation)), results.toString());
        assertThrows(IllegalStateException.class, () -> runner.enableControllerService(service));
    }

    private void assertRefusesToEnable(DjlLanguageModelService service, String file, String problem) {
        runner.assertValid(service);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> runner.enableControllerService(service));
        assertTrue(e.getMessage().contains(file) && e.getMessage().contains(problem), e.getMessage());
        assertFalse(runner.isControllerServiceEnabled(service));
    }
}
