package io.dpsynth.nifi.services;

import io.dpsynth.model.DeviceSelection;
import io.dpsynth.model.DjlRuntime;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.model.Gpt2Weights;
import io.dpsynth.model.LanguageModel;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.logging.ComponentLog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps behind the service's Verify button, cheapest first; a failed step skips the ones that depend on it.
 * Weights are checked by their header and shapes only, so verifying never loads a large model into memory.
 */
final class ModelVerification {

    /** How the service finds its model directory. */
    interface DirectoryResolver {
        Path resolve(PropertyContext context) throws IOException;
    }

    private final DirectoryResolver resolver;
    private final ComponentLog log;
    private final List<ConfigVerificationResult> results = new ArrayList<>();

    ModelVerification(DirectoryResolver resolver, ComponentLog log) {
        this.resolver = resolver;
        this.log = log;
    }

    List<ConfigVerificationResult> run(ConfigurationContext context) {
        Path directory = null;
        Gpt2Config config = null;
        try {
            directory = resolver.resolve(context);
            config = LanguageModel.checkFiles(directory);
            pass(DjlLanguageModelService.STEP_DIRECTORY, directory + " holds " + String.join(", ", LanguageModel.REQUIRED_FILES));
        } catch (IOException | RuntimeException e) {
            fail(DjlLanguageModelService.STEP_DIRECTORY, e);
        }
        if (config == null) {
            skip(DjlLanguageModelService.STEP_CONFIG, DjlLanguageModelService.STEP_WEIGHTS, DjlLanguageModelService.STEP_TOKENIZER);
        } else {
            checkConfig(context, config);
            checkWeights(directory);
            checkTokenizer(directory, config);
        }
        checkDevice(context);
        return results;
    }

    private void checkConfig(PropertyContext context, Gpt2Config config) {
        Integer maxLength = DjlLanguageModelService.maxSequenceLength(context);
        if (maxLength != null && maxLength > config.maxPositions()) {
            failWith(DjlLanguageModelService.STEP_CONFIG, "Max Sequence Length " + maxLength + " exceeds the model's n_positions "
                    + config.maxPositions());
        } else {
            pass(DjlLanguageModelService.STEP_CONFIG, "GPT-2 with " + config.layers() + " layers, d=" + config.embeddingSize()
                    + ", " + config.heads() + " heads, vocabulary " + config.vocabularySize() + ", n_positions "
                    + config.maxPositions() + ", " + config.parameterCount() + " parameters");
        }
    }

    private void checkWeights(Path directory) {
        try {
            Gpt2Weights.check(directory);
            pass(DjlLanguageModelService.STEP_WEIGHTS, Gpt2Weights.WEIGHTS_FILE + ": every tensor present with the shape config.json needs");
        } catch (IOException | RuntimeException e) {
            fail(DjlLanguageModelService.STEP_WEIGHTS, e);
        }
    }

    private void checkTokenizer(Path directory, Gpt2Config config) {
        try {
            LanguageModel.checkTokenizer(directory, config);
            pass(DjlLanguageModelService.STEP_TOKENIZER, LanguageModel.TOKENIZER_FILE + " loads and fits the vocabulary");
        } catch (IOException | RuntimeException e) {
            fail(DjlLanguageModelService.STEP_TOKENIZER, e);
        }
    }

    private void checkDevice(ConfigurationContext context) {
        try {
            DeviceSelection selection = DeviceSelection.parse(
                    context.getProperty(DjlLanguageModelService.DEVICE).evaluateAttributeExpressions().getValue());
            int threads = context.getProperty(DjlLanguageModelService.THREADS).asInteger();
            int gpus = DjlRuntime.start(threads).getGpuCount();
            pass(DjlLanguageModelService.STEP_DEVICE, selection + " resolves to " + selection.resolve(gpus)
                    + " (PyTorch sees " + gpus + " GPU(s))");
        } catch (RuntimeException e) {
            fail(DjlLanguageModelService.STEP_DEVICE, e);
        }
        DjlRuntime.environmentWarnings().forEach(log::warn);
    }

    private void pass(String step, String explanation) {
        results.add(new ConfigVerificationResult.Builder().verificationStepName(step).outcome(Outcome.SUCCESSFUL)
                .explanation(explanation).build());
    }

    private void fail(String step, Exception e) {
        failWith(step, e.getMessage());
    }

    private void failWith(String step, String explanation) {
        log.warn("Verification step '{}' failed: {}", step, explanation);
        results.add(new ConfigVerificationResult.Builder().verificationStepName(step).outcome(Outcome.FAILED)
                .explanation(explanation).build());
    }

    private void skip(String... steps) {
        for (String step : steps) {
            results.add(new ConfigVerificationResult.Builder().verificationStepName(step).outcome(Outcome.SKIPPED)
                    .explanation("the model directory is not usable").build());
        }
    }
}
