package io.dpsynth.nifi.processors;

import io.dpsynth.dpsgd.AdapterMetadata;
import io.dpsynth.dpsgd.DpSgdAccountant;
import io.dpsynth.dpsgd.DpSgdCalibration;
import io.dpsynth.dpsgd.DpSgdRun;
import io.dpsynth.dpsgd.DpSgdSettings;
import io.dpsynth.dpsgd.DpSgdTrainer;
import io.dpsynth.dpsgd.FullFineTuner;
import io.dpsynth.dpsgd.LoraTuner;
import io.dpsynth.dpsgd.NoiseMode;
import io.dpsynth.dpsgd.PeftAdapterArchive;
import io.dpsynth.dpsgd.PrefixLmEncoder;
import io.dpsynth.dpsgd.PrefixLmExample;
import io.dpsynth.dpsgd.PromptTuner;
import io.dpsynth.dpsgd.TrainingMonitor;
import io.dpsynth.dpsgd.Tuner;
import io.dpsynth.evaluation.LabeledText;
import io.dpsynth.ledger.LedgerUnavailableException;
import io.dpsynth.model.LanguageModel;
import io.dpsynth.model.TrainingLease;
import io.dpsynth.nifi.DpsynthAttributes;
import io.dpsynth.nifi.services.LanguageModelService;
import io.dpsynth.nifi.services.PrivacyLedgerService;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.ReadsAttribute;
import org.apache.nifi.annotation.behavior.ReadsAttributes;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

@Tags({"dpsynth", "differential privacy", "DP-SGD", "prompt tuning", "LoRA", "fine-tuning", "synthetic data", "language model", "PEFT"})
@CapabilityDescription("""
        Tunes a soft prompt (or LoRA adapters, or for comparison all weights) of the frozen base language model on \
        sensitive labelled records with DP-SGD and the Prefix-LM loss: Poisson sampling, per-example clipping, \
        Gaussian noise calibrated by the privacy accountant from the granted (epsilon, delta). Writes the adapter as \
        one zip FlowFile in Hugging Face PEFT layout (a fully fine-tuned model in Hugging Face model layout) and \
        commits the spend that actually ran to the privacy ledger. Only the adapter is a DP release; the input \
        records go to 'original'.""")
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@SeeAlso({EnforceEpsilonBudget.class, EvaluateUtility.class})
@ReadsAttributes({
        @ReadsAttribute(attribute = DpsynthAttributes.EPSILON_GRANTED, description = "Epsilon the noise is calibrated for"),
        @ReadsAttribute(attribute = DpsynthAttributes.DELTA_GRANTED, description = "Delta of the grant"),
        @ReadsAttribute(attribute = DpsynthAttributes.LEDGER_ENTRY_ID, description = "Reservation to commit the spend to"),
        @ReadsAttribute(attribute = DpsynthAttributes.BUDGET_ID, description = "Budget of the reservation")
})
@WritesAttributes({
        @WritesAttribute(attribute = DpsynthAttributes.DPSGD_TUNING, description = "PROMPT_TUNING, LORA or FULL_FINE_TUNING"),
        @WritesAttribute(attribute = DpsynthAttributes.DPSGD_NOISE_MULTIPLIER, description = "Noise multiplier sigma"),
        @WritesAttribute(attribute = DpsynthAttributes.DPSGD_SAMPLING_RATE, description = "Poisson sampling rate q"),
        @WritesAttribute(attribute = DpsynthAttributes.DPSGD_STEPS, description = "Steps run (and charged)"),
        @WritesAttribute(attribute = DpsynthAttributes.DPSGD_CLIP_NORM, description = "Per-example clipping norm C"),
        @WritesAttribute(attribute = DpsynthAttributes.DPSGD_ACCOUNTANT, description = "PLD or RDP"),
        @WritesAttribute(attribute = DpsynthAttributes.DPSGD_NOISE_MODE, description = "SECURE or SEEDED"),
        @WritesAttribute(attribute = DpsynthAttributes.DPSGD_DATASET_SIZE, description = "Records trained on"),
        @WritesAttribute(attribute = DpsynthAttributes.DPSGD_TRUNCATED_RECORDS, description = "Records cut to Max Tokens"),
        @WritesAttribute(attribute = DpsynthAttributes.DPSGD_EPSILON, description = "The accountant's epsilon for the steps run"),
        @WritesAttribute(attribute = DpsynthAttributes.DPSGD_DELTA, description = "Its delta"),
        @WritesAttribute(attribute = DpsynthAttributes.BASE_MODEL_FINGERPRINT, description = "Base model the adapter belongs to"),
        @WritesAttribute(attribute = "mime.type", description = "application/zip on the adapter"),
        @WritesAttribute(attribute = DpsynthAttributes.ERROR, description = "On failure: why, without record content")
})
@UseCase(
        description = "Train a differentially private soft prompt on sensitive support tickets for synthetic text generation.",
        keywords = {"DP-SGD", "prompt tuning", "private fine-tuning"},
        configuration = """
                Put EnforceEpsilonBudget before this processor (e.g. Requested Epsilon 4, Requested Delta 1e-5) and \
                connect its 'granted' relationship here; set the same Privacy Ledger.
                Set 'Language Model' to a Language Model Service, 'Record Reader' to a reader of the records and \
                'Text Field'/'Label Field' to their fields.
                Keep 'Noise Mode' at Secure for releases; 'Steps', 'Expected Batch Size' and 'Learning Rate' trade \
                quality against time and noise (more records per step means less noise per record).
                Connect 'success' (the adapter zip) to the generation step or PutFile, 'original' to wherever the \
                sensitive input goes, 'failure' to an error handler.""")
public class DpPromptTune extends AbstractProcessor {

    public static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
            .name("Record Reader").description("Reads the sensitive records from the FlowFile content.")
            .required(true).identifiesControllerService(RecordReaderFactory.class).build();
    public static final PropertyDescriptor TEXT_FIELD = new PropertyDescriptor.Builder()
            .name("Text Field").description("Field holding a record's text; a record without it fails the FlowFile.")
            .required(true).defaultValue("text").addValidator(StandardValidators.NON_BLANK_VALIDATOR).build();
    public static final PropertyDescriptor LABEL_FIELD = new PropertyDescriptor.Builder()
            .name("Label Field").description("Field holding a record's label; a record without one fails the FlowFile.")
            .required(true).defaultValue("label").addValidator(StandardValidators.NON_BLANK_VALIDATOR).build();
    public static final PropertyDescriptor LANGUAGE_MODEL = new PropertyDescriptor.Builder()
            .name("Language Model").description("The frozen base model to tune an adapter for.")
            .required(true).identifiesControllerService(LanguageModelService.class).build();
    public static final PropertyDescriptor LEDGER = new PropertyDescriptor.Builder()
            .name("Privacy Ledger").description("When set, only FlowFiles with a grant from EnforceEpsilonBudget are "
                    + "trained on and the spend is committed to this ledger.")
            .required(false).identifiesControllerService(PrivacyLedgerService.class).build();
    public static final PropertyDescriptor TARGET_EPSILON = new PropertyDescriptor.Builder()
            .name("Target Epsilon").description("Epsilon when no ledger is configured and the FlowFile has no grant "
                    + "(experiments).")
            .required(false).expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR).build();
    public static final PropertyDescriptor TARGET_DELTA = new PropertyDescriptor.Builder()
            .name("Target Delta").description("Delta to go with Target Epsilon; well below 1 / number of records.")
            .required(false).expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR).build();
    public static final PropertyDescriptor ACCOUNTANT = new PropertyDescriptor.Builder()
            .name("Accountant").description("Calibrates the noise: PLD (tighter) or RDP.")
            .required(true).allowableValues("PLD", "RDP").defaultValue("PLD").build();
    public static final PropertyDescriptor TUNING = new PropertyDescriptor.Builder()
            .name("Tuning Method").description("PROMPT_TUNING trains a soft prompt (few parameters, little noise); "
                    + "LORA trains low-rank adapters on the attention projections (for comparison); FULL_FINE_TUNING "
                    + "trains a copy of every weight (for comparison only: one forward/backward pass per example, "
                    + "many times slower, and noise on every weight; the output is the whole model).")
            .required(true).allowableValues("PROMPT_TUNING", "LORA", "FULL_FINE_TUNING").defaultValue("PROMPT_TUNING").build();
    public static final PropertyDescriptor VIRTUAL_TOKENS = new PropertyDescriptor.Builder()
            .name("Virtual Tokens").description("Length of the soft prompt.")
            .required(true).defaultValue("20").addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .dependsOn(TUNING, "PROMPT_TUNING").build();
    public static final PropertyDescriptor LORA_RANK = new PropertyDescriptor.Builder()
            .name("LoRA Rank").description("Rank r of the LoRA adapters (alpha = 2r).")
            .required(true).defaultValue("8").addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .dependsOn(TUNING, "LORA").build();
    public static final PropertyDescriptor STEPS = new PropertyDescriptor.Builder()
            .name("Steps").description("DP-SGD steps; each is charged, empty Poisson batches included.")
            .required(true).defaultValue("200").addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR).build();
    public static final PropertyDescriptor EPOCHS = new PropertyDescriptor.Builder()
            .name("Epochs").description("When set, replaces Steps by ceil(Epochs × N / Expected Batch Size): each "
                    + "record is then sampled about Epochs times.")
            .required(false).addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR).build();
    public static final PropertyDescriptor EXPECTED_BATCH = new PropertyDescriptor.Builder()
            .name("Expected Batch Size").description("qN: each record joins each step with probability q = this / N.")
            .required(true).defaultValue("32").addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR).build();
    public static final PropertyDescriptor LEARNING_RATE = new PropertyDescriptor.Builder()
            .name("Learning Rate").description("Adam's learning rate.")
            .required(true).defaultValue("0.03").addValidator(StandardValidators.NUMBER_VALIDATOR).build();
    public static final PropertyDescriptor CLIP_NORM = new PropertyDescriptor.Builder()
            .name("Clipping Norm").description("C: each example's gradient is scaled to L2 norm at most C.")
            .required(true).defaultValue("1.0").addValidator(StandardValidators.NUMBER_VALIDATOR).build();
    public static final PropertyDescriptor MAX_TOKENS = new PropertyDescriptor.Builder()
            .name("Max Tokens").description("Longest training sequence (prefix + text + end-of-text); longer records "
                    + "are cut and counted in " + DpsynthAttributes.DPSGD_TRUNCATED_RECORDS + ". Also capped by the model.")
            .required(true).defaultValue("128").addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR).build();
    public static final PropertyDescriptor PREFIX_TEMPLATE = new PropertyDescriptor.Builder()
            .name("Prefix Template").description("Conditioning prefix put before each text; " + PrefixLmEncoder.LABEL_PLACEHOLDER
                    + " stands for the record's label. It gets no loss weight; generation starts from it.")
            .required(true).defaultValue(PrefixLmEncoder.DEFAULT_TEMPLATE).addValidator(StandardValidators.NON_EMPTY_VALIDATOR).build();
    public static final PropertyDescriptor MICRO_BATCH = new PropertyDescriptor.Builder()
            .name("Micro-batch Size").description("Most examples per forward/backward pass (memory only; full "
                    + "fine-tuning always runs one example per pass).")
            .required(true).defaultValue("16").addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR).build();
    public static final PropertyDescriptor NOISE_MODE = new PropertyDescriptor.Builder()
            .name("Noise Mode").description("SECURE: sampling and noise from a DRBG seeded by the OS (releases). "
                    + "SEEDED: repeatable from Seed, for experiments only — whoever knows the seed can remove the noise.")
            .required(true).allowableValues("SECURE", "SEEDED").defaultValue("SECURE").build();
    public static final PropertyDescriptor SEED = new PropertyDescriptor.Builder()
            .name("Seed").description("Seed of the seeded noise mode and of the soft prompt's initialisation.")
            .required(true).defaultValue("0").addValidator(StandardValidators.LONG_VALIDATOR).build();
    public static final PropertyDescriptor LEASE_WAIT = new PropertyDescriptor.Builder()
            .name("Training Wait").description("How long to wait for another training job to finish before retrying later.")
            .required(true).defaultValue("10 sec").addValidator(StandardValidators.TIME_PERIOD_VALIDATOR).build();

    public static final Relationship REL_SUCCESS = new Relationship.Builder().name("success")
            .description("The tuned adapter: a zip in PEFT layout with the mechanism as attributes.").build();
    public static final Relationship REL_ORIGINAL = new Relationship.Builder().name("original")
            .description("The sensitive input after a successful run.").build();
    public static final Relationship REL_FAILURE = new Relationship.Builder().name("failure")
            .description("Bad input, no grant, calibration impossible, a failed or stopped run; see " + DpsynthAttributes.ERROR).build();

    private static final List<PropertyDescriptor> PROPERTIES = List.of(RECORD_READER, TEXT_FIELD, LABEL_FIELD,
            LANGUAGE_MODEL, LEDGER, TARGET_EPSILON, TARGET_DELTA, ACCOUNTANT, TUNING, VIRTUAL_TOKENS, LORA_RANK, STEPS,
            EPOCHS, EXPECTED_BATCH, LEARNING_RATE, CLIP_NORM, MAX_TOKENS, PREFIX_TEMPLATE, MICRO_BATCH, NOISE_MODE, SEED, LEASE_WAIT);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_ORIGINAL, REL_FAILURE);
    private static final int PROGRESS_EVERY = 10;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTIES;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @Override
    public void onTrigger(ProcessContext context, ProcessSession session) {
        FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        PrivacyLedgerService ledger = context.getProperty(LEDGER).isSet()
                ? context.getProperty(LEDGER).asControllerService(PrivacyLedgerService.class) : null;
        PrivacyTarget target;
        try {
            target = PrivacyTarget.of(flowFile, ledger != null,
                    context.getProperty(TARGET_EPSILON).evaluateAttributeExpressions(flowFile).getValue(),
                    context.getProperty(TARGET_DELTA).evaluateAttributeExpressions(flowFile).getValue());
        } catch (IllegalArgumentException e) {
            fail(session, flowFile, e.getMessage());
            return;
        }
        LanguageModelService models = context.getProperty(LANGUAGE_MODEL).asControllerService(LanguageModelService.class);
        Duration wait = Duration.ofMillis(context.getProperty(LEASE_WAIT).asTimePeriod(TimeUnit.MILLISECONDS));
        try (TrainingLease lease = models.acquireTraining(wait)) {
            tune(context, session, flowFile, target, ledger, models.languageModel());
        } catch (TimeoutException e) {
            getLogger().info("Another training job holds the model; {} waits ({} jobs waiting)", flowFile, models.trainingJobsWaiting());
            session.rollback(true);
            context.yield();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.rollback(true);
        }
    }

    private void tune(ProcessContext context, ProcessSession session, FlowFile flowFile, PrivacyTarget target,
                      PrivacyLedgerService ledger, LanguageModel language) {
        // From here the sensitive content is read: a failure leaves the grant's reservation charged.
        List<LabeledText> records;
        try {
            records = read(context, session, flowFile);
        } catch (RecordText.MissingFieldException | UnusableRecordsException e) {
            fail(session, flowFile, e.getMessage());
            return;
        } catch (Exception e) {
            // the reader's message may quote a record (a type-conversion IllegalArgumentException does): keep the type only
            fail(session, flowFile, "records could not be read (" + e.getClass().getSimpleName() + ")");
            return;
        }
        String tuning = context.getProperty(TUNING).getValue();
        int virtualTokens = "PROMPT_TUNING".equals(tuning) ? context.getProperty(VIRTUAL_TOKENS).asInteger() : 0;
        int maxTokens = Math.min(context.getProperty(MAX_TOKENS).asInteger(), language.maxSequenceLength() - virtualTokens + 1);
        List<PrefixLmExample> examples = new ArrayList<>(records.size());
        DpSgdCalibration calibration;
        PrefixLmEncoder encoder;
        try {
            encoder = new PrefixLmEncoder(language.tokenizer(), context.getProperty(PREFIX_TEMPLATE).getValue(), maxTokens);
            for (LabeledText record : records) {
                examples.add(encoder.encode(record.label(), record.text()));
            }
            int expectedBatch = context.getProperty(EXPECTED_BATCH).asInteger();
            int steps = context.getProperty(EPOCHS).isSet()
                    ? (int) Math.ceil((double) context.getProperty(EPOCHS).asInteger() * records.size() / expectedBatch)
                    : context.getProperty(STEPS).asInteger();
            calibration = DpSgdCalibration.calibrate(records.size(), expectedBatch, steps, target.epsilon(), target.delta(),
                    DpSgdAccountant.valueOf(context.getProperty(ACCOUNTANT).getValue()));
        } catch (IllegalArgumentException e) {
            fail(session, flowFile, e.getMessage());
            return;
        }
        NoiseMode mode = NoiseMode.valueOf(context.getProperty(NOISE_MODE).getValue());
        long seed = context.getProperty(SEED).asLong();
        DpSgdSettings settings = new DpSgdSettings(calibration.steps(), context.getProperty(EXPECTED_BATCH).asInteger(),
                context.getProperty(LEARNING_RATE).asDouble(), context.getProperty(CLIP_NORM).asDouble(),
                calibration.noiseMultiplier(), context.getProperty(MICRO_BATCH).asInteger(), mode, seed);
        try (Tuner tuner = switch (tuning) {
            case "PROMPT_TUNING" -> PromptTuner.initialize(language.model(), virtualTokens, seed);
            case "LORA" -> LoraTuner.initialize(language.model(), context.getProperty(LORA_RANK).asInteger(),
                    2f * context.getProperty(LORA_RANK).asInteger(), seed);
            default -> FullFineTuner.initialize(language.model());
        }) {
            DpSgdTrainer trainer = new DpSgdTrainer(language.model(), tuner, settings);
            DpSgdRun run;
            try {
                run = trainer.train(examples, monitor(session, flowFile, calibration.steps()));
            } catch (RuntimeException e) {
                getLogger().error("DP-SGD failed on {} after {} steps", flowFile, trainer.stepsStarted(), e);
                SpendCommit committed = commit(ledger, target, calibration, trainer.stepsStarted());
                failAfterSpend(session, flowFile, calibration, settings, trainer.stepsStarted(), tuning, target.entryId(),
                        "training failed after " + trainer.stepsStarted() + " steps (" + e.getClass().getSimpleName() + "); "
                                + committed.summary());
                return;
            }
            SpendCommit committed = commit(ledger, target, calibration, run.stepsRun());
            if (run.cancelled()) {
                failAfterSpend(session, flowFile, calibration, settings, run.stepsRun(), tuning, target.entryId(),
                        "stopped after " + run.stepsRun() + " of " + calibration.steps() + " steps; " + committed.summary());
                return;
            }
            if (committed.failed()) {
                fail(session, flowFile, committed.summary());
                return;
            }
            release(session, flowFile, tuner, tuning, language, records, examples, calibration, settings, run, encoder,
                    target.entryId());
        }
    }

    private List<LabeledText> read(ProcessContext context, ProcessSession session, FlowFile flowFile) throws Exception {
        RecordReaderFactory factory = context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class);
        String textField = context.getProperty(TEXT_FIELD).getValue();
        String labelField = context.getProperty(LABEL_FIELD).getValue();
        List<LabeledText> records = new ArrayList<>();
        try (InputStream in = session.read(flowFile); RecordReader reader = factory.createRecordReader(flowFile, in, getLogger())) {
            Record record;
            while ((record = reader.nextRecord()) != null) {
                LabeledText labeled = LabeledRecords.of(record, textField, labelField, records.size() + 1L);
                if (labeled.label().isBlank()) {
                    throw new UnusableRecordsException("record " + (records.size() + 1) + " has an empty '" + labelField + "'");
                }
                records.add(labeled);
            }
        }
        if (records.isEmpty()) {
            throw new UnusableRecordsException("no records to train on");
        }
        return records;
    }

    /** Progress as counters (visible in the UI while the run lasts) and periodic log lines; stops when unscheduled. */
    private TrainingMonitor monitor(ProcessSession session, FlowFile flowFile, int plannedSteps) {
        return new TrainingMonitor() {
            @Override
            public boolean cancelled() {
                return !isScheduled();
            }

            @Override
            public void stepDone(int step, int batchSize, double meanLoss) {
                session.adjustCounter("DP-SGD steps", 1, true);
                if (step % PROGRESS_EVERY == 0 || step == plannedSteps) {
                    getLogger().info("DP-SGD on {}: step {}/{}, batch {}, batch loss {}", flowFile, step, plannedSteps,
                            batchSize, String.format("%.4f", meanLoss));
                }
            }
        };
    }

    /** Whether the spend reached the ledger, and a line about it for dpsynth.error (counts and ids only). */
    private record SpendCommit(boolean failed, String summary) {
    }

    /** Commits what the run may have spent: the steps it started. */
    private SpendCommit commit(PrivacyLedgerService ledger, PrivacyTarget target, DpSgdCalibration calibration, int steps) {
        if (ledger == null || !target.charged()) {
            return new SpendCommit(false, "no ledger configured");
        }
        if (steps == 0) {
            return new SpendCommit(false, "no step ran; the reservation stays charged");
        }
        try {
            ledger.commit(target.budgetId(), target.entryId(), calibration.event(steps));
            return new SpendCommit(false, "spend of " + steps + " steps committed to " + target.entryId());
        } catch (LedgerUnavailableException | IllegalArgumentException e) {
            getLogger().error("Could not commit the DP-SGD spend of entry {}; its reservation stays charged", target.entryId(), e);
            return new SpendCommit(true, "spend NOT committed (" + e.getClass().getSimpleName() + "); the reservation stays charged");
        }
    }

    private void release(ProcessSession session, FlowFile flowFile, Tuner tuner, String tuning, LanguageModel language,
                         List<LabeledText> records, List<PrefixLmExample> examples, DpSgdCalibration calibration,
                         DpSgdSettings settings, DpSgdRun run, PrefixLmEncoder encoder, String entryId) {
        Set<String> labels = new TreeSet<>();
        records.forEach(r -> labels.add(r.label()));
        int truncated = (int) examples.stream().filter(PrefixLmExample::truncated).count();
        double epsilon = calibration.accountant().create().epsilon(calibration.event(run.stepsRun()), calibration.delta());
        AdapterMetadata metadata = new AdapterMetadata(language.fingerprint(), encoder.template(), List.copyOf(labels),
                records.size(), truncated, encoder.maxTokens(), calibration, run.stepsRun(), epsilon, settings.clipNorm(),
                settings.expectedBatchSize(), settings.learningRate(), settings.noiseMode());
        FlowFile adapter = session.create(flowFile); // keeps the grant and budget attributes: privacy lineage
        adapter = session.write(adapter, out -> PeftAdapterArchive.write(out, tuner, language.model().config(), metadata));
        adapter = session.putAllAttributes(adapter, DpTuneAttributes.adapter(metadata, settings, tuning));
        adapter = session.putAttribute(adapter, "filename", flowFile.getAttribute("filename") + ".adapter.zip");
        session.getProvenanceReporter().route(adapter, REL_SUCCESS, DpTuneAttributes.provenanceDetails(metadata, tuning, entryId));
        session.transfer(adapter, REL_SUCCESS);
        session.transfer(flowFile, REL_ORIGINAL);
    }

    /** A run that read the records and started steps: the mechanism goes on the FlowFile and into provenance. */
    private void failAfterSpend(ProcessSession session, FlowFile flowFile, DpSgdCalibration calibration, DpSgdSettings settings,
                                int steps, String tuning, String entryId, String reason) {
        FlowFile charged = session.putAllAttributes(flowFile, DpTuneAttributes.mechanism(calibration, settings, steps));
        session.getProvenanceReporter().route(charged, REL_FAILURE, String.format("DP-SGD %s ended early: sigma=%s q=%s steps=%d "
                        + "accountant=%s delta=%s mode=%s records=%d entry=%s", tuning, calibration.noiseMultiplier(),
                calibration.samplingRate(), steps, calibration.accountant(), calibration.delta(), settings.noiseMode(),
                calibration.datasetSize(), entryId));
        fail(session, charged, reason);
    }

    private void fail(ProcessSession session, FlowFile flowFile, String reason) {
        getLogger().error("Routing {} to failure: {}", flowFile, reason);
        session.transfer(session.putAttribute(flowFile, DpsynthAttributes.ERROR, reason), REL_FAILURE);
    }

    /** Records that cannot be trained on, described by counts and field names only (never record content). */
    private static final class UnusableRecordsException extends Exception {
        UnusableRecordsException(String message) {
            super(message);
        }
    }
}
