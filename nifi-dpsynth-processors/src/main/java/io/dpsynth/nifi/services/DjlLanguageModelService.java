package io.dpsynth.nifi.services;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.dpsynth.model.BundledModel;
import io.dpsynth.model.DeviceSelection;
import io.dpsynth.model.DjlRuntime;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.model.LanguageModel;
import io.dpsynth.model.TrainingGate;
import io.dpsynth.model.TrainingLease;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnDisabled;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.components.resource.ResourceCardinality;
import org.apache.nifi.components.resource.ResourceType;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.controller.VerifiableControllerService;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.reporting.InitializationException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

@Tags({"dpsynth", "language model", "gpt-2", "hugging face", "djl", "pytorch", "gpu"})
@CapabilityDescription("""
        Loads one frozen GPT-2 language model (a Hugging Face directory with config.json, model.safetensors and \
        tokenizer.json; empty Model Directory = the model bundled with dpsynth) once when enabled, onto the CPU or a \
        GPU, and shares it with every dpsynth processor of the node. Training jobs take turns: DJL allows one \
        gradient collector per JVM. Applies the DJL settings dpsynth needs (offline, no telemetry, explicit thread \
        pools) before the engine starts, and warns when the environment lacks OMP_WAIT_POLICY=PASSIVE, \
        OPT_OUT_TRACKING or the JVM flag --enable-native-access=ALL-UNNAMED.""")
public class DjlLanguageModelService extends AbstractControllerService implements LanguageModelService, VerifiableControllerService {

    static final String STEP_DIRECTORY = "model directory";
    static final String STEP_CONFIG = "config";
    static final String STEP_WEIGHTS = "weights";
    static final String STEP_TOKENIZER = "tokenizer";
    static final String STEP_DEVICE = "device";

    private static final Validator DEVICE_VALIDATOR = (subject, value, context) -> {
        try {
            DeviceSelection.parse(value);
            return new ValidationResult.Builder().subject(subject).input(value).valid(true).build();
        } catch (IllegalArgumentException e) {
            return invalid(subject, value, e.getMessage());
        }
    };

    public static final PropertyDescriptor MODEL_DIRECTORY = new PropertyDescriptor.Builder()
            .name("Model Directory")
            .description("""
                    Hugging Face GPT-2 model directory with config.json, model.safetensors (F32, F16 or BF16) and a \
                    byte-level BPE tokenizer.json. Empty: the model bundled with dpsynth (%s), extracted once under \
                    java.io.tmpdir/dpsynth-models.""".formatted(BundledModel.NAME))
            .required(false)
            .identifiesExternalResource(ResourceCardinality.SINGLE, ResourceType.DIRECTORY)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .build();

    public static final PropertyDescriptor DEVICE = new PropertyDescriptor.Builder()
            .name("Device")
            .description("""
                    Where the model runs: 'auto' (the first GPU when PyTorch sees one, else the CPU), 'cpu', 'gpu' (the \
                    first GPU; refuse to enable without one) or 'gpu:N' (GPU number N, from 0). GPUs need the bundle \
                    built with -Pgpu and libtorch for CUDA on the node.""")
            .required(true)
            .defaultValue("auto")
            .addValidator(DEVICE_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .build();

    public static final PropertyDescriptor THREADS = new PropertyDescriptor.Builder()
            .name("Threads")
            .description("""
                    PyTorch intra-op threads (ai.djl.pytorch.num_threads) for CPU work. PyTorch has one thread pool per \
                    JVM, so the service enabled last decides. At most the physical cores you can give the model; \
                    inter-op threads are 1.""")
            .required(true)
            .defaultValue("2")
            .addValidator(StandardValidators.createLongValidator(1, 1024, true))
            .build();

    public static final PropertyDescriptor MAX_SEQUENCE_LENGTH = new PropertyDescriptor.Builder()
            .name("Max Sequence Length")
            .description("""
                    Longest token sequence processors may feed the model (soft prompt + prompt + generated tokens); \
                    processors truncate to it. At most the model's n_positions; empty = n_positions.""")
            .required(false)
            .addValidator(StandardValidators.createLongValidator(1, Integer.MAX_VALUE, true))
            .build();

    private static final List<PropertyDescriptor> PROPERTIES = List.of(MODEL_DIRECTORY, DEVICE, THREADS, MAX_SEQUENCE_LENGTH);

    private final BundledModel bundledModel;
    private final Path extractionRoot;
    private final TrainingGate trainingGate = TrainingGate.jvmWide();
    private volatile LanguageModel languageModel;

    public DjlLanguageModelService() {
        this(BundledModel.inThisJar(), BundledModel.defaultRoot());
    }

    /** For tests: another bundled model and extraction folder. */
    DjlLanguageModelService(BundledModel bundledModel, Path extractionRoot) {
        this.bundledModel = bundledModel;
        this.extractionRoot = extractionRoot;
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTIES;
    }

    @Override
    protected Collection<ValidationResult> customValidate(ValidationContext context) {
        List<ValidationResult> results = new ArrayList<>();
        Gpt2Config config;
        try {
            config = LanguageModel.checkFiles(modelDirectory(context));
        } catch (IOException e) {
            results.add(invalid(MODEL_DIRECTORY.getName(), null, e.getMessage()));
            return results;
        }
        Integer maxLength = maxSequenceLength(context);
        if (maxLength != null && maxLength > config.maxPositions()) {
            results.add(invalid(MAX_SEQUENCE_LENGTH.getName(), maxLength.toString(),
                    "must be at most the model's n_positions " + config.maxPositions()));
        }
        return results;
    }

    @OnEnabled
    public void onEnabled(ConfigurationContext context) throws InitializationException {
        DjlRuntime.environmentWarnings().forEach(warning -> getLogger().warn(warning));
        int threads = context.getProperty(THREADS).asInteger();
        DeviceSelection selection = DeviceSelection.parse(context.getProperty(DEVICE).evaluateAttributeExpressions().getValue());
        try {
            Device device = selection.resolve(startEngine(threads).getGpuCount());
            Path directory = modelDirectory(context);
            Integer maxLength = maxSequenceLength(context);
            languageModel = LanguageModel.load(directory, device, maxLength == null ? 0 : maxLength);
            Gpt2Config config = languageModel.model().config();
            getLogger().info("Loaded GPT-2 from {} on {}: {} layers, d={}, {} parameters, max sequence length {}, {} threads, fingerprint {}",
                    directory, device, config.layers(), config.embeddingSize(), config.parameterCount(),
                    languageModel.maxSequenceLength(), DjlRuntime.intraOpThreads(), languageModel.fingerprint());
        } catch (IOException | RuntimeException e) {
            throw new InitializationException("Cannot enable the language model: " + e.getMessage(), e);
        }
    }

    private static Engine startEngine(int threads) {
        try {
            return DjlRuntime.start(threads);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the PyTorch engine did not start (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        }
    }

    @OnDisabled
    public void onDisabled() {
        LanguageModel current = languageModel;
        languageModel = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public LanguageModel languageModel() {
        LanguageModel current = languageModel;
        if (current == null) {
            throw new IllegalStateException("the language model service is not enabled");
        }
        return current;
    }

    @Override
    public TrainingLease acquireTraining(Duration maxWait) throws InterruptedException, TimeoutException {
        languageModel(); // only an enabled service hands out training
        if (trainingGate.busy()) {
            getLogger().info("A training job waits for the training lease ({} already waiting)", trainingGate.waiting());
        }
        return trainingGate.acquire(maxWait);
    }

    @Override
    public int trainingJobsWaiting() {
        return trainingGate.waiting();
    }

    @Override
    public List<ConfigVerificationResult> verify(ConfigurationContext context, ComponentLog verificationLogger,
                                                 Map<String, String> variables) {
        return new ModelVerification(this::modelDirectory, verificationLogger).run(context);
    }

    /** The configured directory, or the bundled model's extraction when the property is empty. */
    Path modelDirectory(PropertyContext context) throws IOException {
        String configured = context.getProperty(MODEL_DIRECTORY).evaluateAttributeExpressions().getValue();
        if (configured == null || configured.isBlank()) {
            return bundledModel.directory(extractionRoot);
        }
        return Path.of(configured.trim());
    }

    static Integer maxSequenceLength(PropertyContext context) {
        return context.getProperty(MAX_SEQUENCE_LENGTH).isSet() ? context.getProperty(MAX_SEQUENCE_LENGTH).asInteger() : null;
    }

    static ValidationResult invalid(String subject, String input, String explanation) {
        return new ValidationResult.Builder().subject(subject).input(input).valid(false).explanation(explanation).build();
    }
}
