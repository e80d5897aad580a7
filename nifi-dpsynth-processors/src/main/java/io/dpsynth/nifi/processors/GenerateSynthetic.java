package io.dpsynth.nifi.processors;

import io.dpsynth.dpsgd.AdapterMetadata;
import io.dpsynth.dpsgd.NoiseMode;
import io.dpsynth.dpsgd.PeftAdapterArchive;
import io.dpsynth.dpsgd.Tuner;
import io.dpsynth.generation.DpLabelHistogram;
import io.dpsynth.generation.GenerationSummary;
import io.dpsynth.generation.HistogramMechanism;
import io.dpsynth.generation.LabelCounts;
import io.dpsynth.generation.LabelProportions;
import io.dpsynth.generation.RecordCount;
import io.dpsynth.generation.SyntheticGenerator;
import io.dpsynth.ledger.LedgerUnavailableException;
import io.dpsynth.ledger.ReservationResult;
import io.dpsynth.model.GenerationSettings;
import io.dpsynth.model.LanguageModel;
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
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriterFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

@Tags({"dpsynth", "differential privacy", "synthetic data", "text generation", "language model", "PEFT"})
@CapabilityDescription("""
        Generates label-conditioned synthetic text records from the base language model and a DP-tuned adapter \
        (DpPromptTune's PEFT zip, from the FlowFile content or 'Adapter Location'): each record is the text the model \
        writes after the adapter's training prefix for a label. Generation from the DP adapter is post-processing and \
        charges nothing; only a DP histogram of the sensitive labels (Label Distribution = DP_HISTOGRAM) is a privacy \
        spend, reserved and committed through the Privacy Ledger. Records go out through the Record Writer, split into \
        FlowFiles of 'Records per FlowFile' with fragment attributes, each carrying the adapter's privacy lineage.""")
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@SeeAlso({DpPromptTune.class, EvaluateUtility.class, EnforceEpsilonBudget.class})
@ReadsAttributes({
        @ReadsAttribute(attribute = DpsynthAttributes.BUDGET_ID, description = "Default budget of a DP label histogram; lineage"),
        @ReadsAttribute(attribute = DpsynthAttributes.DPSGD_EPSILON, description = "Lineage: what the adapter's DP-SGD run cost"),
        @ReadsAttribute(attribute = DpsynthAttributes.LEDGER_ENTRY_ID, description = "Lineage: the adapter's ledger entry")
})
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "Records in this FlowFile"),
        @WritesAttribute(attribute = "mime.type", description = "The Record Writer's MIME type"),
        @WritesAttribute(attribute = "fragment.identifier", description = "Same on every FlowFile of one run"),
        @WritesAttribute(attribute = "fragment.index", description = "0-based position of this FlowFile in the run"),
        @WritesAttribute(attribute = "fragment.count", description = "FlowFiles of the run"),
        @WritesAttribute(attribute = DpsynthAttributes.SYNTHETIC_LABEL_COUNTS, description = "Records per label in this FlowFile (JSON)"),
        @WritesAttribute(attribute = DpsynthAttributes.SYNTHETIC_RUN_RECORDS, description = "Records kept in the whole run"),
        @WritesAttribute(attribute = DpsynthAttributes.SYNTHETIC_RUN_LABEL_COUNTS, description = "Records per label in the whole run (JSON)"),
        @WritesAttribute(attribute = DpsynthAttributes.SYNTHETIC_REQUESTED, description = "Records asked for"),
        @WritesAttribute(attribute = DpsynthAttributes.SYNTHETIC_DROPPED, description = "Malformed generations dropped in the run"),
        @WritesAttribute(attribute = DpsynthAttributes.SYNTHETIC_LABEL_DISTRIBUTION, description = "UNIFORM, GIVEN or DP_HISTOGRAM"),
        @WritesAttribute(attribute = DpsynthAttributes.SYNTHETIC_LABEL_PROPORTIONS, description = "Proportions generated for (JSON)"),
        @WritesAttribute(attribute = DpsynthAttributes.SYNTHETIC_CHARGE, description = "'charged nothing', or the label histogram's spend"),
        @WritesAttribute(attribute = DpsynthAttributes.SYNTHETIC_HISTOGRAM_MECHANISM, description = "DP_HISTOGRAM: LAPLACE or GAUSSIAN"),
        @WritesAttribute(attribute = DpsynthAttributes.SYNTHETIC_HISTOGRAM_EPSILON, description = "DP_HISTOGRAM: epsilon charged"),
        @WritesAttribute(attribute = DpsynthAttributes.SYNTHETIC_HISTOGRAM_DELTA, description = "DP_HISTOGRAM: delta reserved"),
        @WritesAttribute(attribute = DpsynthAttributes.SYNTHETIC_HISTOGRAM_NOISE_SCALE, description = "DP_HISTOGRAM: Laplace b or Gaussian sigma"),
        @WritesAttribute(attribute = DpsynthAttributes.SYNTHETIC_HISTOGRAM_NOISE_MODE, description = "DP_HISTOGRAM: SECURE or SEEDED"),
        @WritesAttribute(attribute = DpsynthAttributes.SYNTHETIC_HISTOGRAM_BUDGET_ID, description = "DP_HISTOGRAM: budget charged"),
        @WritesAttribute(attribute = DpsynthAttributes.SYNTHETIC_HISTOGRAM_ENTRY_ID, description = "DP_HISTOGRAM: ledger entry"),
        @WritesAttribute(attribute = DpsynthAttributes.GENERATION_TEMPERATURE, description = "Decoding temperature"),
        @WritesAttribute(attribute = DpsynthAttributes.GENERATION_TOP_K, description = "Top-k (0 = off)"),
        @WritesAttribute(attribute = DpsynthAttributes.GENERATION_TOP_P, description = "Top-p (1 = off)"),
        @WritesAttribute(attribute = DpsynthAttributes.GENERATION_MAX_NEW_TOKENS, description = "Token limit that applied"),
        @WritesAttribute(attribute = DpsynthAttributes.GENERATION_SEED, description = "The run's seed (drawn when Seed is empty)"),
        @WritesAttribute(attribute = DpsynthAttributes.GENERATION_BATCH_SIZE, description = "Rows generated together"),
        @WritesAttribute(attribute = DpsynthAttributes.GENERATION_TOKENS, description = "Tokens generated in the run"),
        @WritesAttribute(attribute = DpsynthAttributes.DPSGD_EPSILON, description = "Lineage: the adapter's epsilon (from its metadata when read from 'Adapter Location')"),
        @WritesAttribute(attribute = DpsynthAttributes.DPSGD_DELTA, description = "Lineage: the adapter's delta"),
        @WritesAttribute(attribute = DpsynthAttributes.BASE_MODEL_FINGERPRINT, description = "Base model of the adapter"),
        @WritesAttribute(attribute = DpsynthAttributes.ERROR, description = "On failure or exceeded: why, without record content")
})
@UseCase(
        description = "Generate a labelled synthetic dataset from a DP-tuned adapter, twice as large as the sensitive data.",
        keywords = {"synthetic data", "text generation", "differential privacy"},
        configuration = """
                Connect DpPromptTune's 'success' (the adapter zip) to this processor; set 'Language Model' to the same \
                Language Model Service and 'Record Writer' to e.g. a JsonRecordSetWriter.
                Set 'Records per Training Record' to 2 (or 'Record Count' to a number) and keep 'Label Distribution' \
                at UNIFORM, which charges nothing.
                Connect 'success' to EvaluateUtility or PutFile (MergeRecord with Defragment rejoins the FlowFiles of \
                one run), 'original' to wherever the adapter is kept, 'failure' and 'exceeded' to an error handler.""")
public class GenerateSynthetic extends AbstractProcessor {

    static final String UNIFORM = "UNIFORM";
    static final String GIVEN = "GIVEN";
    static final String DP_HISTOGRAM = "DP_HISTOGRAM";

    public static final PropertyDescriptor LANGUAGE_MODEL = new PropertyDescriptor.Builder()
            .name("Language Model").description("The base model the adapter was tuned on.")
            .required(true).identifiesControllerService(LanguageModelService.class).build();
    public static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer").description("Writes the synthetic records (fields text, label and, with Include "
                    + "Metadata, index, tokens, complete).")
            .required(true).identifiesControllerService(RecordSetWriterFactory.class).build();
    public static final PropertyDescriptor ADAPTER_LOCATION = new PropertyDescriptor.Builder()
            .name("Adapter Location").description("Path of an adapter zip or of a folder with the unzipped adapter. "
                    + "Empty: the FlowFile content is the adapter zip (DpPromptTune's output).")
            .required(false).expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR).build();
    public static final PropertyDescriptor RECORD_COUNT = new PropertyDescriptor.Builder()
            .name("Record Count").description("How many records to generate (dropped malformed generations included). "
                    + "Set this or 'Records per Training Record'.")
            .required(false).expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR).build();
    public static final PropertyDescriptor RECORDS_PER_TRAINING_RECORD = new PropertyDescriptor.Builder()
            .name("Records per Training Record").description("Generate ceil(this × N) records, N being the number of "
                    + "records the adapter was tuned on (from its metadata). Set this or 'Record Count'.")
            .required(false).expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR).build();
    public static final PropertyDescriptor LABEL_DISTRIBUTION = new PropertyDescriptor.Builder()
            .name("Label Distribution").description("UNIFORM: equal counts per label of the adapter (the paper's choice; "
                    + "charges nothing). GIVEN: 'Label Proportions' (charges nothing). DP_HISTOGRAM: proportions from a "
                    + "noisy histogram of the sensitive labels — a privacy spend charged to the ledger.")
            .required(true).allowableValues(UNIFORM, GIVEN, DP_HISTOGRAM).defaultValue(UNIFORM).build();
    public static final PropertyDescriptor LABEL_PROPORTIONS = new PropertyDescriptor.Builder()
            .name("Label Proportions").description("Weights per label, e.g. 'spam:1, ham:3'; every label must be one "
                    + "the adapter was tuned on. Labels left out get no records.")
            .required(true).addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(LABEL_DISTRIBUTION, GIVEN).build();
    public static final PropertyDescriptor LEDGER = new PropertyDescriptor.Builder()
            .name("Privacy Ledger").description("Charged for the DP label histogram (required for DP_HISTOGRAM).")
            .required(false).identifiesControllerService(PrivacyLedgerService.class).build();
    public static final PropertyDescriptor BUDGET_ID = new PropertyDescriptor.Builder()
            .name("Budget ID").description("Budget the DP label histogram is charged to.")
            .required(true).defaultValue("${" + DpsynthAttributes.BUDGET_ID + "}")
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR).dependsOn(LABEL_DISTRIBUTION, DP_HISTOGRAM).build();
    public static final PropertyDescriptor HISTOGRAM_MECHANISM = new PropertyDescriptor.Builder()
            .name("Histogram Mechanism").description("LAPLACE (scale 1/epsilon, pure DP) or GAUSSIAN (sigma calibrated for "
                    + "epsilon and delta).")
            .required(true).allowableValues("LAPLACE", "GAUSSIAN").defaultValue("LAPLACE")
            .dependsOn(LABEL_DISTRIBUTION, DP_HISTOGRAM).build();
    public static final PropertyDescriptor HISTOGRAM_EPSILON = new PropertyDescriptor.Builder()
            .name("Histogram Epsilon").description("Epsilon of the label histogram.")
            .required(true).defaultValue("0.1").addValidator(StandardValidators.NUMBER_VALIDATOR)
            .dependsOn(LABEL_DISTRIBUTION, DP_HISTOGRAM).build();
    public static final PropertyDescriptor HISTOGRAM_DELTA = new PropertyDescriptor.Builder()
            .name("Histogram Delta").description("Delta reserved for the histogram (the Gaussian's sigma depends on it; "
                    + "Laplace needs none but the ledger reserves a delta > 0).")
            .required(true).defaultValue("1e-6").addValidator(StandardValidators.NUMBER_VALIDATOR)
            .dependsOn(LABEL_DISTRIBUTION, DP_HISTOGRAM).build();
    public static final PropertyDescriptor SENSITIVE_LOCATION = new PropertyDescriptor.Builder()
            .name("Sensitive Records Location").description("File or folder (.gz allowed) of the sensitive records whose "
                    + "labels the histogram counts; read only after the spend is reserved.")
            .required(true).expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR).dependsOn(LABEL_DISTRIBUTION, DP_HISTOGRAM).build();
    public static final PropertyDescriptor SENSITIVE_READER = new PropertyDescriptor.Builder()
            .name("Sensitive Record Reader").description("Reads the sensitive records.")
            .required(true).identifiesControllerService(RecordReaderFactory.class)
            .dependsOn(LABEL_DISTRIBUTION, DP_HISTOGRAM).build();
    public static final PropertyDescriptor SENSITIVE_LABEL_FIELD = new PropertyDescriptor.Builder()
            .name("Sensitive Label Field").description("Field of a sensitive record holding its label.")
            .required(true).defaultValue("label").addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(LABEL_DISTRIBUTION, DP_HISTOGRAM).build();
    public static final PropertyDescriptor NOISE_MODE = new PropertyDescriptor.Builder()
            .name("Noise Mode").description("SECURE: histogram noise from a DRBG seeded by the OS (releases). SEEDED: "
                    + "from Seed, for experiments only — whoever knows the seed can remove the noise.")
            .required(true).allowableValues("SECURE", "SEEDED").defaultValue("SECURE")
            .dependsOn(LABEL_DISTRIBUTION, DP_HISTOGRAM).build();
    public static final PropertyDescriptor TEMPERATURE = new PropertyDescriptor.Builder()
            .name("Temperature").description("Logits are divided by it before sampling; 0 = always the most likely token.")
            .required(true).defaultValue("1.0").addValidator(StandardValidators.NUMBER_VALIDATOR).build();
    public static final PropertyDescriptor TOP_K = new PropertyDescriptor.Builder()
            .name("Top K").description("Sample among the k most likely tokens only (0 = no limit).")
            .required(true).defaultValue("0").addValidator(StandardValidators.NON_NEGATIVE_INTEGER_VALIDATOR).build();
    public static final PropertyDescriptor TOP_P = new PropertyDescriptor.Builder()
            .name("Top P").description("Sample among the most likely tokens that together reach this probability (1 = no limit).")
            .required(true).defaultValue("1.0").addValidator(StandardValidators.NUMBER_VALIDATOR).build();
    public static final PropertyDescriptor MAX_NEW_TOKENS = new PropertyDescriptor.Builder()
            .name("Max New Tokens").description("Longest record in tokens; lowered when the model's positions leave less room.")
            .required(true).defaultValue("64").addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR).build();
    public static final PropertyDescriptor SEED = new PropertyDescriptor.Builder()
            .name("Seed").description("Seed of the sampling (and of SEEDED histogram noise): same seed and settings, same "
                    + "records. Empty: drawn from SecureRandom and written to " + DpsynthAttributes.GENERATION_SEED + ".")
            .required(false).expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR).build();
    public static final PropertyDescriptor BATCH_SIZE = new PropertyDescriptor.Builder()
            .name("Batch Size").description("Records generated together in one batch (throughput against memory).")
            .required(true).defaultValue("16").addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR).build();
    public static final PropertyDescriptor RECORDS_PER_FLOWFILE = new PropertyDescriptor.Builder()
            .name("Records per FlowFile").description("Output is split into FlowFiles of at most this many records.")
            .required(true).defaultValue("1000").addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR).build();
    public static final PropertyDescriptor INCLUDE_METADATA = new PropertyDescriptor.Builder()
            .name("Include Metadata").description("Adds the fields index (position in the run), tokens (tokens "
                    + "generated) and complete (false when Max New Tokens cut the text) to every record.")
            .required(true).allowableValues("true", "false").defaultValue("true").build();

    public static final Relationship REL_SUCCESS = new Relationship.Builder().name("success")
            .description("FlowFiles of synthetic records with fragment, count, decoding and privacy-lineage attributes.").build();
    public static final Relationship REL_ORIGINAL = new Relationship.Builder().name("original")
            .description("The adapter FlowFile after a successful run.").build();
    public static final Relationship REL_FAILURE = new Relationship.Builder().name("failure")
            .description("Missing, corrupt or mismatched adapter, bad counts or labels, a failed run; see " + DpsynthAttributes.ERROR).build();
    public static final Relationship REL_EXCEEDED = new Relationship.Builder().name("exceeded")
            .description("DP_HISTOGRAM refused by the ledger: nothing was generated or charged.").build();

    private static final List<PropertyDescriptor> PROPERTIES = List.of(LANGUAGE_MODEL, RECORD_WRITER, ADAPTER_LOCATION,
            RECORD_COUNT, RECORDS_PER_TRAINING_RECORD, LABEL_DISTRIBUTION, LABEL_PROPORTIONS, LEDGER, BUDGET_ID,
            HISTOGRAM_MECHANISM, HISTOGRAM_EPSILON, HISTOGRAM_DELTA, SENSITIVE_LOCATION, SENSITIVE_READER,
            SENSITIVE_LABEL_FIELD, NOISE_MODE, TEMPERATURE, TOP_K, TOP_P, MAX_NEW_TOKENS, SEED, BATCH_SIZE,
            RECORDS_PER_FLOWFILE, INCLUDE_METADATA);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_ORIGINAL, REL_FAILURE, REL_EXCEEDED);
    /** Keeps the histogram noise's draws apart from other uses of a seeded generator. */
    private static final int HISTOGRAM_NOISE_STREAM = 3;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTIES;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @Override
    protected Collection<ValidationResult> customValidate(ValidationContext context) {
        List<ValidationResult> problems = new ArrayList<>();
        if (context.getProperty(RECORD_COUNT).isSet() == context.getProperty(RECORDS_PER_TRAINING_RECORD).isSet()) {
            problems.add(new ValidationResult.Builder().subject(RECORD_COUNT.getName()).valid(false)
                    .explanation("set exactly one of 'Record Count' and 'Records per Training Record'").build());
        }
        if (DP_HISTOGRAM.equals(context.getProperty(LABEL_DISTRIBUTION).getValue()) && !context.getProperty(LEDGER).isSet()) {
            problems.add(new ValidationResult.Builder().subject(LEDGER.getName()).valid(false)
                    .explanation("a DP label histogram is a privacy spend: set the Privacy Ledger").build());
        }
        return problems;
    }

    /** Why a FlowFile cannot be processed, fit for dpsynth.error (ids, counts, paths and schema only). */
    private static final class Refusal extends Exception {
        Refusal(String message) {
            super(message);
        }
    }

    @Override
    public void onTrigger(ProcessContext context, ProcessSession session) {
        FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        LanguageModel language = context.getProperty(LANGUAGE_MODEL).asControllerService(LanguageModelService.class).languageModel();
        boolean fromLocation = context.getProperty(ADAPTER_LOCATION).isSet();
        PeftAdapterArchive.Loaded adapter;
        try {
            adapter = loadAdapter(context, session, flowFile, language);
        } catch (Refusal e) {
            fail(session, flowFile, e.getMessage());
            return;
        }
        try (Tuner tuner = adapter.tuner()) {
            flowFile = session.putAllAttributes(flowFile,
                    GenerationAttributes.lineage(adapter.metadata(), flowFile.getAttributes(), fromLocation));
            generate(context, session, flowFile, language, adapter.metadata(), tuner);
        }
    }

    private PeftAdapterArchive.Loaded loadAdapter(ProcessContext context, ProcessSession session, FlowFile flowFile,
                                                  LanguageModel language) throws Refusal {
        String location = context.getProperty(ADAPTER_LOCATION).evaluateAttributeExpressions(flowFile).getValue();
        try {
            if (location == null || location.isBlank()) {
                try (InputStream in = session.read(flowFile)) {
                    return PeftAdapterArchive.load(in, language);
                }
            }
            Path path = Path.of(location.strip());
            if (!Files.exists(path)) {
                throw new Refusal("adapter location " + path + " does not exist");
            }
            return PeftAdapterArchive.load(path, language);
        } catch (IOException e) {
            throw new Refusal("adapter not usable: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new Refusal("adapter not usable (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void generate(ProcessContext context, ProcessSession session, FlowFile flowFile, LanguageModel language,
                          AdapterMetadata metadata, Tuner tuner) {
        String distribution = context.getProperty(LABEL_DISTRIBUTION).getValue();
        int batchSize = context.getProperty(BATCH_SIZE).asInteger();
        GenerationSettings settings;
        int count;
        try {
            settings = decoding(context, flowFile);
            count = recordCount(context, flowFile, metadata);
        } catch (IllegalArgumentException e) {
            fail(session, flowFile, e.getMessage());
            return;
        }
        flowFile = session.putAllAttributes(flowFile, GenerationAttributes.settings(settings, batchSize, distribution));
        LabelPlanOutcome plan;
        try {
            plan = switch (distribution) {
                case GIVEN -> given(context, metadata, count);
                case DP_HISTOGRAM -> histogram(context, session, flowFile, metadata, count, settings.seed());
                default -> new LabelPlanOutcome(LabelCounts.uniform(metadata.labels(), count),
                        equalProportions(metadata.labels()), null, null, null);
            };
        } catch (IllegalArgumentException | Refusal e) {
            fail(session, flowFile, e.getMessage());
            return;
        }
        if (plan == null) {
            return; // routed to exceeded or failure by the histogram
        }
        String noiseMode = plan.charged() ? context.getProperty(NOISE_MODE).getValue() : null;
        flowFile = session.putAllAttributes(flowFile, GenerationAttributes.charge(plan, noiseMode));
        write(context, session, flowFile, language, metadata, tuner, plan, settings, batchSize, count);
    }

    private void write(ProcessContext context, ProcessSession session, FlowFile flowFile, LanguageModel language,
                       AdapterMetadata metadata, Tuner tuner, LabelPlanOutcome plan, GenerationSettings settings,
                       int batchSize, int count) {
        String spendNote = plan.charged() ? "; the label histogram's spend stays charged (entry " + plan.entryId() + ")" : "";
        SyntheticGenerator.Run run;
        try {
            run = new SyntheticGenerator(language.model(), language.tokenizer(), tuner, metadata.prefixTemplate(),
                    language.maxSequenceLength()).start(plan.counts(), settings, batchSize);
        } catch (IllegalArgumentException e) {
            failAfterPlan(session, flowFile, plan, e.getMessage() + spendNote);
            return;
        }
        RecordSetWriterFactory writerFactory = context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class);
        SyntheticFragments fragments = new SyntheticFragments(session, flowFile, writerFactory,
                new SyntheticRecords(context.getProperty(INCLUDE_METADATA).asBoolean()),
                context.getProperty(RECORDS_PER_FLOWFILE).asInteger(), getLogger());
        try {
            while ((run.hasNext() || fragments.hasPending()) && isScheduled()) {
                fragments.writeNext(run, () -> !isScheduled());
            }
        } catch (RuntimeException e) {
            fragments.removeAll();
            getLogger().error("Generation failed on {} after {} records", flowFile, run.summary().kept(), e);
            failAfterPlan(session, flowFile, plan, "generation failed after " + run.summary().kept() + " records ("
                    + e.getClass().getSimpleName() + ")" + spendNote);
            return;
        }
        GenerationSummary summary = run.summary();
        if (run.hasNext() || fragments.hasPending()) {
            fragments.removeAll();
            failAfterPlan(session, flowFile, plan, "stopped after " + summary.kept() + " of " + count + " records; nothing released"
                    + spendNote);
            return;
        }
        if (summary.kept() == 0) {
            fragments.removeAll();
            failAfterPlan(session, session.putAllAttributes(flowFile, GenerationAttributes.run(summary, count)), plan,
                    "all " + summary.dropped() + " generations were malformed (empty or only the prefix)" + spendNote);
            return;
        }
        Map<String, String> runAttributes = GenerationAttributes.run(summary, count);
        flowFile = session.putAllAttributes(flowFile, runAttributes);
        List<FlowFile> children = fragments.finish(runAttributes);
        session.getProvenanceReporter().fork(flowFile, children, GenerationAttributes.provenanceDetails(summary, count,
                settings, batchSize, context.getProperty(LABEL_DISTRIBUTION).getValue(), plan, flowFile.getAttributes()));
        session.transfer(children, REL_SUCCESS);
        session.transfer(flowFile, REL_ORIGINAL);
    }

    private static GenerationSettings decoding(ProcessContext context, FlowFile flowFile) {
        String seedText = context.getProperty(SEED).evaluateAttributeExpressions(flowFile).getValue();
        long seed;
        if (seedText == null || seedText.isBlank()) {
            seed = new SecureRandom().nextLong();
        } else {
            try {
                seed = Long.parseLong(seedText.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Seed must be a whole number, got '" + seedText + "'");
            }
        }
        return new GenerationSettings(context.getProperty(MAX_NEW_TOKENS).asInteger(), context.getProperty(TEMPERATURE).asDouble(),
                context.getProperty(TOP_K).asInteger(), context.getProperty(TOP_P).asDouble(), seed, true);
    }

    private static int recordCount(ProcessContext context, FlowFile flowFile, AdapterMetadata metadata) {
        String absolute = context.getProperty(RECORD_COUNT).evaluateAttributeExpressions(flowFile).getValue();
        String multiple = context.getProperty(RECORDS_PER_TRAINING_RECORD).evaluateAttributeExpressions(flowFile).getValue();
        try {
            if (absolute != null && !absolute.isBlank()) {
                return RecordCount.absolute(Long.parseLong(absolute.strip()));
            }
            if (multiple != null && !multiple.isBlank()) {
                return RecordCount.perTrainingRecord(Double.parseDouble(multiple.strip()), metadata.datasetSize());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the record count must be a number, got '" + (absolute != null ? absolute : multiple) + "'");
        }
        throw new IllegalArgumentException("no record count: 'Record Count' and 'Records per Training Record' are both empty");
    }

    private static LabelPlanOutcome given(ProcessContext context, AdapterMetadata metadata, int count) {
        Map<String, Double> weights = LabelProportions.parse(context.getProperty(LABEL_PROPORTIONS).getValue(), metadata.labels());
        return new LabelPlanOutcome(LabelCounts.apportion(weights, count), normalised(weights), null, null, null);
    }

    /**
     * Reserves the histogram's (epsilon, delta), counts the sensitive labels, adds the noise and commits the event.
     * Returns null when the FlowFile was routed (exceeded, or failure after the reservation: the spend stays charged).
     */
    private LabelPlanOutcome histogram(ProcessContext context, ProcessSession session, FlowFile flowFile,
                                       AdapterMetadata metadata, int count, long seed) throws Refusal {
        PrivacyLedgerService ledger = context.getProperty(LEDGER).asControllerService(PrivacyLedgerService.class);
        String budgetId = context.getProperty(BUDGET_ID).evaluateAttributeExpressions(flowFile).getValue();
        if (budgetId == null || budgetId.isBlank()) {
            throw new Refusal("no budget id for the DP label histogram: set 'Budget ID' or send " + DpsynthAttributes.BUDGET_ID);
        }
        DpLabelHistogram histogram = DpLabelHistogram.calibrate(
                HistogramMechanism.valueOf(context.getProperty(HISTOGRAM_MECHANISM).getValue()),
                context.getProperty(HISTOGRAM_EPSILON).asDouble(), context.getProperty(HISTOGRAM_DELTA).asDouble());
        ReservationResult reservation;
        try {
            reservation = ledger.reserve(budgetId, histogram.epsilon(), histogram.delta());
        } catch (LedgerUnavailableException e) {
            getLogger().error("Privacy ledger unavailable for {}", flowFile, e);
            throw new Refusal("privacy ledger unavailable: " + e.getMessage());
        }
        if (reservation instanceof ReservationResult.Refused refused) {
            FlowFile exceeded = session.putAttribute(flowFile, DpsynthAttributes.ERROR, refused.reason());
            getLogger().warn("Privacy budget {} refused the label histogram of {}: {}", budgetId, exceeded, refused.reason());
            session.getProvenanceReporter().route(exceeded, REL_EXCEEDED, String.format(
                    "label histogram refused: budget=%s mechanism=%s epsilon=%s delta=%s", budgetId,
                    histogram.mechanism(), histogram.epsilon(), histogram.delta()));
            session.transfer(exceeded, REL_EXCEEDED);
            return null;
        }
        String entryId = ((ReservationResult.Granted) reservation).entryId();
        // from here the sensitive labels are read: a failure leaves the reservation charged, never refunded
        long[] counts;
        try {
            counts = sensitiveCounts(context, flowFile, metadata.labels());
        } catch (Refusal e) {
            failCharged(session, flowFile, e.getMessage() + "; the reservation " + entryId + " stays charged", budgetId, entryId);
            return null;
        }
        NoiseMode mode = NoiseMode.valueOf(context.getProperty(NOISE_MODE).getValue());
        Map<String, Double> proportions = histogram.proportions(metadata.labels(), counts,
                mode.generator(seed, HISTOGRAM_NOISE_STREAM));
        try {
            ledger.commit(budgetId, entryId, histogram.event());
        } catch (LedgerUnavailableException | IllegalArgumentException e) {
            getLogger().error("Could not commit the label histogram's spend of entry {}; its reservation stays charged", entryId, e);
            failCharged(session, flowFile, "label histogram spend NOT committed (" + e.getClass().getSimpleName()
                    + "); the reservation " + entryId + " stays charged", budgetId, entryId);
            return null;
        }
        return new LabelPlanOutcome(LabelCounts.apportion(proportions, count), proportions, histogram, budgetId, entryId);
    }

    /** Each adapter label's number of sensitive records; a record with another label refuses the run. */
    private long[] sensitiveCounts(ProcessContext context, FlowFile flowFile, List<String> labels) throws Refusal {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            index.put(labels.get(i), i);
        }
        long[] counts = new long[labels.size()];
        boolean[] unknown = {false};
        String field = context.getProperty(SENSITIVE_LABEL_FIELD).getValue();
        String location = context.getProperty(SENSITIVE_LOCATION).evaluateAttributeExpressions(flowFile).getValue();
        SensitiveReference reference = new SensitiveReference(Path.of(location.strip()));
        String problem = reference.problem();
        if (problem != null) {
            throw new Refusal("sensitive records location " + location.strip() + " " + problem);
        }
        try {
            reference.readRecords(context.getProperty(SENSITIVE_READER).asControllerService(RecordReaderFactory.class),
                    getLogger(), (record, recordNumber) -> {
                        Integer label = index.get(RecordText.of(record, field, recordNumber));
                        if (label == null) {
                            unknown[0] = true;
                        } else {
                            counts[label]++;
                        }
                    });
        } catch (SensitiveReference.UnreadableException e) {
            throw new Refusal(e.getMessage());
        }
        if (unknown[0]) {
            // neither the label nor how many: both would describe the sensitive data without noise
            throw new Refusal("sensitive records carry labels the adapter was not tuned on; the histogram counts the "
                    + "adapter's labels " + labels + " only");
        }
        return counts;
    }

    private static Map<String, Double> equalProportions(List<String> labels) {
        Map<String, Double> equal = new LinkedHashMap<>();
        labels.forEach(label -> equal.put(label, 1.0 / labels.size()));
        return equal;
    }

    private static Map<String, Double> normalised(Map<String, Double> weights) {
        double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> proportions = new LinkedHashMap<>();
        weights.forEach((label, weight) -> proportions.put(label, weight / sum));
        return proportions;
    }

    /** A failure once the labels are planned: with a DP histogram its spend is committed and stays, so provenance says so. */
    private void failAfterPlan(ProcessSession session, FlowFile flowFile, LabelPlanOutcome plan, String reason) {
        if (plan.charged()) {
            session.getProvenanceReporter().route(flowFile, REL_FAILURE, "nothing released; " + plan.charge() + " committed, not refunded");
        }
        fail(session, flowFile, reason);
    }

    private void failCharged(ProcessSession session, FlowFile flowFile, String reason, String budgetId, String entryId) {
        FlowFile failed = session.putAllAttributes(flowFile, Map.of(
                DpsynthAttributes.SYNTHETIC_HISTOGRAM_BUDGET_ID, budgetId, DpsynthAttributes.SYNTHETIC_HISTOGRAM_ENTRY_ID, entryId));
        session.getProvenanceReporter().route(failed, REL_FAILURE, "label histogram reserved and not refunded: budget="
                + budgetId + " entry=" + entryId);
        fail(session, failed, reason);
    }

    private void fail(ProcessSession session, FlowFile flowFile, String reason) {
        getLogger().error("Routing {} to failure: {}", flowFile, reason);
        session.transfer(session.putAttribute(flowFile, DpsynthAttributes.ERROR, reason), REL_FAILURE);
    }
}
