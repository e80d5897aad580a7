package io.dpsynth.nifi.processors;

import io.dpsynth.dpsgd.PeftAdapterArchive;
import io.dpsynth.dpsgd.Tuner;
import io.dpsynth.evaluation.InvalidEvaluationInputException;
import io.dpsynth.evaluation.LabeledText;
import io.dpsynth.evaluation.RealReference;
import io.dpsynth.evaluation.UtilityEvaluator;
import io.dpsynth.evaluation.UtilityReport;
import io.dpsynth.evaluation.UtilityReportJson;
import io.dpsynth.evaluation.UtilityThresholds;
import io.dpsynth.evaluation.downstream.TrainingUnavailableException;
import io.dpsynth.evaluation.lm.TunedModel;
import io.dpsynth.evaluation.mauve.MauveSettings;
import io.dpsynth.model.LanguageModel;
import io.dpsynth.nifi.DpsynthAttributes;
import io.dpsynth.nifi.services.LanguageModelService;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.InputRequirement.Requirement;
import org.apache.nifi.annotation.behavior.ReadsAttribute;
import org.apache.nifi.annotation.behavior.ReadsAttributes;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.annotation.lifecycle.OnStopped;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.resource.ResourceCardinality;
import org.apache.nifi.components.resource.ResourceType;
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

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

@Tags({"dpsynth", "differential privacy", "synthetic data", "utility", "evaluation", "mauve", "downstream accuracy",
        "release gate", "record"})
@CapabilityDescription("""
        Measures how useful and how realistic synthetic records are, against real evaluation records: a classifier \
        trained on the synthetic records and tested on the real held-out records (accuracy, macro-F1), next to the \
        same classifier trained on the real training records (TF-IDF logistic regression, a word CNN, or a linear \
        probe on the bundled MiniLM sentence encoder); MAUVE; unigram, bigram and length distribution distances; \
        distinct-n; with a Language Model service, MAUVE on the model's hidden states and the perplexity of the real \
        held-out records under the base model and, with an Adapter Location, under the tuned model. Writes a JSON \
        report (counts and metrics only, never text) as a new FlowFile and the headline metrics as attributes so \
        that a release can be gated; optional thresholds route the report to 'below-threshold'. Reading the real \
        held-out records is itself a small disclosure about them: see the additional details.""")
@InputRequirement(Requirement.INPUT_REQUIRED)
@SeeAlso({EnforceEpsilonBudget.class, DedupAgainstSensitive.class})
@ReadsAttributes({
        @ReadsAttribute(attribute = DpsynthAttributes.BUDGET_ID, description = "Kept on the report (privacy lineage)"),
        @ReadsAttribute(attribute = DpsynthAttributes.LEDGER_ENTRY_ID, description = "Kept on the report (privacy lineage)")
})
@WritesAttributes({
        @WritesAttribute(attribute = DpsynthAttributes.UTILITY_ACCURACY, description = "Accuracy on the real held-out "
                + "records of the classifier trained on the synthetic records"),
        @WritesAttribute(attribute = DpsynthAttributes.UTILITY_MACRO_F1, description = "Its macro-averaged F1"),
        @WritesAttribute(attribute = DpsynthAttributes.UTILITY_REFERENCE_ACCURACY, description = "Accuracy of the same "
                + "classifier trained on the real training records"),
        @WritesAttribute(attribute = DpsynthAttributes.UTILITY_REFERENCE_MACRO_F1, description = "Its macro-averaged F1"),
        @WritesAttribute(attribute = DpsynthAttributes.UTILITY_MAUVE, description = "MAUVE of synthetic against real "
                + "held-out records (0..1, higher is closer)"),
        @WritesAttribute(attribute = DpsynthAttributes.UTILITY_MAUVE_EMBEDDING, description = "The embedding MAUVE used; "
                + "scores are comparable only for the same embedding"),
        @WritesAttribute(attribute = DpsynthAttributes.UTILITY_UNIGRAM_JSD, description = "Jensen-Shannon divergence "
                + "(base 2) of the unigram distributions"),
        @WritesAttribute(attribute = DpsynthAttributes.UTILITY_BIGRAM_JSD, description = "The same for bigrams"),
        @WritesAttribute(attribute = DpsynthAttributes.UTILITY_LENGTH_JSD, description = "The same for the length "
                + "histograms"),
        @WritesAttribute(attribute = DpsynthAttributes.UTILITY_CLASSIFIER, description = "The downstream classifier "
                + "(tfidf-logistic-regression, word-cnn or minilm-probe)"),
        @WritesAttribute(attribute = DpsynthAttributes.UTILITY_PERPLEXITY_BASE, description = "Only with a Language "
                + "Model: per-token perplexity of the real held-out records under the base model (label-prefix "
                + "conditioned, as in tuning)"),
        @WritesAttribute(attribute = DpsynthAttributes.UTILITY_PERPLEXITY_TUNED, description = "Only with a Language "
                + "Model and an Adapter Location: the same under the base model with the adapter applied"),
        @WritesAttribute(attribute = DpsynthAttributes.UTILITY_SYNTHETIC_RECORDS, description = "Synthetic records read"),
        @WritesAttribute(attribute = DpsynthAttributes.UTILITY_BELOW_THRESHOLD, description = "Thresholds missed, "
                + "comma-separated (accuracy, macro-f1, mauve); empty when all passed"),
        @WritesAttribute(attribute = "mime.type", description = "application/json on the report"),
        @WritesAttribute(attribute = DpsynthAttributes.ERROR, description = "On failure: why, without any record content")
})
@UseCase(
        description = "Release synthetic data only when it is useful enough: gate on downstream accuracy and MAUVE.",
        keywords = {"release gate", "utility", "synthetic data quality"},
        configuration = """
                Set "Record Reader" to a reader for the synthetic records and "Text Field"/"Label Field" to their fields.
                Set "Real Records Location" to the real evaluation records (e.g. data/demo/sensitive.jsonl.gz) and \
                "Real Record Reader" to a reader for them; "Split Field" tells training from held-out records.
                Set "Minimum Downstream Accuracy" and/or "Minimum MAUVE"; connect "success" to the release and \
                "below-threshold" to a review queue; or leave the thresholds empty and gate with RouteOnAttribute \
                on dpsynth.utility.* attributes of "original".""")
public class EvaluateUtility extends AbstractProcessor {

    public static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
            .name("Record Reader")
            .description("Reads the synthetic records from the FlowFile content.")
            .required(true)
            .identifiesControllerService(RecordReaderFactory.class)
            .build();

    public static final PropertyDescriptor TEXT_FIELD = new PropertyDescriptor.Builder()
            .name("Text Field")
            .description("Field of a synthetic record that holds its text; a record without it fails the FlowFile.")
            .required(true)
            .defaultValue("text")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor LABEL_FIELD = new PropertyDescriptor.Builder()
            .name("Label Field")
            .description("Field of a synthetic record that holds its class label; every label must occur in the real "
                    + "records.")
            .required(true)
            .defaultValue("label")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor REAL_LOCATION = new PropertyDescriptor.Builder()
            .name("Real Records Location")
            .description("File, or directory of files (not recursive, hidden files skipped), holding the real "
                    + "evaluation records. Files ending in .gz are decompressed. Re-read when a file's size or "
                    + "modification time changes.")
            .required(true)
            .identifiesExternalResource(ResourceCardinality.SINGLE, ResourceType.FILE, ResourceType.DIRECTORY)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .build();

    public static final PropertyDescriptor REAL_READER = new PropertyDescriptor.Builder()
            .name("Real Record Reader")
            .description("Reads the real evaluation records.")
            .required(true)
            .identifiesControllerService(RecordReaderFactory.class)
            .build();

    public static final PropertyDescriptor REAL_TEXT_FIELD = new PropertyDescriptor.Builder()
            .name("Real Text Field")
            .description("Field of a real record that holds its text.")
            .required(true)
            .defaultValue("text")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor REAL_LABEL_FIELD = new PropertyDescriptor.Builder()
            .name("Real Label Field")
            .description("Field of a real record that holds its class label.")
            .required(true)
            .defaultValue("label")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor SPLIT_FIELD = new PropertyDescriptor.Builder()
            .name("Split Field")
            .description("Field of a real record that says whether it is a training or a held-out record.")
            .required(true)
            .defaultValue("split")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor TRAIN_SPLIT = new PropertyDescriptor.Builder()
            .name("Training Split Value")
            .description("Split value of the real training records (the reference classifier learns from them).")
            .required(true)
            .defaultValue("train")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor HELD_OUT_SPLIT = new PropertyDescriptor.Builder()
            .name("Held-out Split Value")
            .description("Split value of the real held-out records (every metric is measured on them). Records of "
                    + "any other split are skipped.")
            .required(true)
            .defaultValue("test")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor CLASSIFIER = new PropertyDescriptor.Builder()
            .name("Downstream Classifier")
            .description("The classifier trained on the synthetic records (and, as the reference, on the real training "
                    + "records) and tested on the real held-out records.")
            .required(true)
            .allowableValues(DownstreamClassifier.class)
            .defaultValue(DownstreamClassifier.TFIDF)
            .build();

    public static final PropertyDescriptor MAUVE_EMBEDDING = new PropertyDescriptor.Builder()
            .name("MAUVE Embedding")
            .description("The feature vectors MAUVE compares. Scores are comparable only for the same embedding (named "
                    + "in " + DpsynthAttributes.UTILITY_MAUVE_EMBEDDING + ").")
            .required(true)
            .allowableValues(MauveEmbedding.class)
            .defaultValue(MauveEmbedding.AUTOMATIC)
            .build();

    public static final PropertyDescriptor LANGUAGE_MODEL = new PropertyDescriptor.Builder()
            .name("Language Model")
            .description("Optional base language model. When set, MAUVE compares the model's mean-pooled final hidden "
                    + "states (with MAUVE Embedding = Automatic or Language Model), and the report adds the perplexity "
                    + "of the real held-out records under the model (both cut explicitly to the service's Max Sequence "
                    + "Length, counted in the report).")
            .required(false)
            .identifiesControllerService(LanguageModelService.class)
            .build();

    public static final PropertyDescriptor ADAPTER_LOCATION = new PropertyDescriptor.Builder()
            .name("Adapter Location")
            .description("Optional tuned adapter as DpPromptTune writes it: the zip, or the folder it unzips to, e.g. "
                    + "#{work.dir}/adapters/${dpsynth.ledger.entry.id}.zip. Needs a Language Model. When set, the report "
                    + "adds the perplexity of the real held-out records under the base model with the adapter, next to "
                    + "the base model's on the same tokens (the adapter's prefix template with each record's label). An "
                    + "adapter tuned on another base model, or a missing or unreadable one, routes the FlowFile to "
                    + "failure.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor SEED = new PropertyDescriptor.Builder()
            .name("Random Seed")
            .description("Seed of MAUVE's k-means and of the Word CNN; the same records and seed give the same report.")
            .required(true)
            .defaultValue("25")
            .addValidator(StandardValidators.LONG_VALIDATOR)
            .build();

    public static final PropertyDescriptor MIN_ACCURACY = threshold("Minimum Downstream Accuracy",
            "Route the report to 'below-threshold' when the synthetic-trained classifier's accuracy is lower.");

    public static final PropertyDescriptor MIN_MACRO_F1 = threshold("Minimum Downstream Macro-F1",
            "Route the report to 'below-threshold' when the synthetic-trained classifier's macro-F1 is lower.");

    public static final PropertyDescriptor MIN_MAUVE = threshold("Minimum MAUVE",
            "Route the report to 'below-threshold' when MAUVE is lower. Compare only with values for the same "
                    + "embedding.");

    public static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("The JSON report, when every threshold set is met.")
            .build();

    public static final Relationship REL_BELOW_THRESHOLD = new Relationship.Builder()
            .name("below-threshold")
            .description("The JSON report, when a threshold set is missed (named in "
                    + DpsynthAttributes.UTILITY_BELOW_THRESHOLD + ").")
            .build();

    public static final Relationship REL_ORIGINAL = new Relationship.Builder()
            .name("original")
            .description("The synthetic records, unchanged, with the same dpsynth.utility.* attributes as the report.")
            .build();

    public static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("Synthetic records that could not be evaluated, unchanged, with " + DpsynthAttributes.ERROR + ".")
            .build();

    private static final List<PropertyDescriptor> PROPERTIES = List.of(RECORD_READER, TEXT_FIELD, LABEL_FIELD,
            REAL_LOCATION, REAL_READER, REAL_TEXT_FIELD, REAL_LABEL_FIELD, SPLIT_FIELD, TRAIN_SPLIT, HELD_OUT_SPLIT,
            CLASSIFIER, MAUVE_EMBEDDING, LANGUAGE_MODEL, ADAPTER_LOCATION, SEED, MIN_ACCURACY, MIN_MACRO_F1, MIN_MAUVE);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_BELOW_THRESHOLD, REL_ORIGINAL,
            REL_FAILURE);

    private volatile SensitiveReferenceCache<RealReference> realCache;
    private volatile UtilityEvaluator evaluator;
    private volatile UtilityThresholds thresholds;
    private volatile LanguageModel languageModel;

    private static PropertyDescriptor threshold(String name, String description) {
        return new PropertyDescriptor.Builder()
                .name(name)
                .description(description + " Empty: not checked.")
                .required(false)
                .addValidator(StandardValidators.createNonNegativeFloatingPointValidator(1.0))
                .build();
    }

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
        List<ValidationResult> results = new ArrayList<>(SensitiveReference.validateLocation(context, REAL_LOCATION,
                "the real records location"));
        if (context.getProperty(MAUVE_EMBEDDING).asAllowableValue(MauveEmbedding.class) == MauveEmbedding.LANGUAGE_MODEL
                && !context.getProperty(LANGUAGE_MODEL).isSet()) {
            results.add(new ValidationResult.Builder().subject(MAUVE_EMBEDDING.getDisplayName()).valid(false)
                    .explanation("the Language Model embedding needs " + LANGUAGE_MODEL.getDisplayName()).build());
        }
        if (context.getProperty(ADAPTER_LOCATION).isSet() && !context.getProperty(LANGUAGE_MODEL).isSet()) {
            results.add(new ValidationResult.Builder().subject(ADAPTER_LOCATION.getDisplayName()).valid(false)
                    .explanation("an adapter is applied to the base model: set " + LANGUAGE_MODEL.getDisplayName()).build());
        }
        return results;
    }

    @OnScheduled
    public void loadRealRecords(ProcessContext context) throws SensitiveReference.UnreadableException {
        long seed = context.getProperty(SEED).asLong();
        LanguageModelService modelService = context.getProperty(LANGUAGE_MODEL).asControllerService(LanguageModelService.class);
        LanguageModel model = modelService == null ? null : modelService.languageModel();
        UtilityEvaluator configured = new UtilityEvaluator(
                context.getProperty(CLASSIFIER).asAllowableValue(DownstreamClassifier.class).create(seed),
                context.getProperty(MAUVE_EMBEDDING).asAllowableValue(MauveEmbedding.class).create(model),
                MauveSettings.defaults(seed));
        RecordReaderFactory readerFactory = context.getProperty(REAL_READER).asControllerService(RecordReaderFactory.class);
        RealRecordsSettings settings = new RealRecordsSettings(context.getProperty(REAL_TEXT_FIELD).getValue(),
                context.getProperty(REAL_LABEL_FIELD).getValue(), context.getProperty(SPLIT_FIELD).getValue(),
                context.getProperty(TRAIN_SPLIT).getValue(), context.getProperty(HELD_OUT_SPLIT).getValue());
        Path location = Path.of(context.getProperty(REAL_LOCATION).evaluateAttributeExpressions().getValue());
        SensitiveReferenceCache<RealReference> cache = new SensitiveReferenceCache<>(new SensitiveReference(location),
                reference -> loadLogged(reference, readerFactory, settings, configured, model),
                SensitiveReferenceCache.CHECK_INTERVAL_NANOS);
        cache.current(); // fail scheduling now rather than on the first FlowFile
        evaluator = configured;
        thresholds = new UtilityThresholds(optional(context, MIN_ACCURACY), optional(context, MIN_MACRO_F1),
                optional(context, MIN_MAUVE));
        languageModel = model;
        realCache = cache;
    }

    @OnStopped
    public void releaseRealRecords() {
        realCache = null;
        languageModel = null;
    }

    @Override
    public void onTrigger(ProcessContext context, ProcessSession session) {
        RealReference real;
        try {
            real = realCache.current();
        } catch (SensitiveReference.UnreadableException e) {
            getLogger().error("Real evaluation records could not be re-read; yielding: {}", e.getMessage());
            context.yield();
            return;
        }
        FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        List<LabeledText> synthetic;
        try {
            synthetic = readSynthetic(context, session, flowFile);
        } catch (RecordText.MissingFieldException e) {
            fail(session, flowFile, "synthetic " + e.getMessage());
            return;
        } catch (Exception e) {
            // The reader's own message may quote the record; only the exception type is kept.
            fail(session, flowFile, "synthetic records could not be read (" + e.getClass().getSimpleName() + ")");
            return;
        }
        UtilityReport report;
        Tuner tuner = null;
        try {
            Optional<TunedModel> tuned = Optional.empty();
            if (context.getProperty(ADAPTER_LOCATION).isSet()) {
                Path location = Path.of(context.getProperty(ADAPTER_LOCATION).evaluateAttributeExpressions(flowFile).getValue());
                PeftAdapterArchive.Loaded adapter = PeftAdapterArchive.load(location, languageModel);
                tuner = adapter.tuner();
                tuned = Optional.of(new TunedModel(tuner, adapter.name(), adapter.metadata().prefixTemplate()));
            }
            report = evaluator.evaluate(synthetic, real, tuned);
        } catch (NoSuchFileException e) {
            fail(session, flowFile, "no adapter at " + e.getFile());
            return;
        } catch (PeftAdapterArchive.BaseModelMismatchException e) {
            fail(session, flowFile, e.getMessage());
            return;
        } catch (IOException e) {
            // Our own messages name the location and the missing file; a parser's may quote the adapter's JSON.
            fail(session, flowFile, "the adapter could not be read (" + e.getClass().getSimpleName()
                    + (e.getClass() == IOException.class ? ": " + e.getMessage() : "") + ")");
            return;
        } catch (InvalidEvaluationInputException e) {
            fail(session, flowFile, e.getMessage());
            return;
        } catch (TrainingUnavailableException e) {
            // another job holds the JVM's one gradient collector: nothing is wrong with the records, try again later
            getLogger().warn("{} waits: {}", flowFile, e.getMessage());
            session.transfer(session.penalize(flowFile));
            return;
        } catch (RuntimeException e) {
            // A numerical failure depends on the input: retrying the same FlowFile would fail again. The
            // engine's and its libraries' messages hold numbers and names, never record content.
            getLogger().error("Evaluation of {} failed", flowFile, e);
            fail(session, flowFile, "evaluation failed (" + e.getClass().getSimpleName() + ")");
            return;
        } finally {
            if (tuner != null) {
                tuner.close();
            }
        }
        List<String> missed = thresholds.missed(report);
        Map<String, String> attributes = UtilityAttributes.of(report, missed);
        Relationship route = missed.isEmpty() ? REL_SUCCESS : REL_BELOW_THRESHOLD;

        FlowFile reportFlowFile = session.create(flowFile); // inherits the privacy lineage attributes
        byte[] json = UtilityReportJson.write(report, missed);
        reportFlowFile = session.write(reportFlowFile, out -> out.write(json));
        reportFlowFile = session.putAllAttributes(reportFlowFile, attributes);
        reportFlowFile = session.putAttribute(reportFlowFile, "mime.type", "application/json");
        String details = provenanceDetails(report, missed);
        session.getProvenanceReporter().route(reportFlowFile, route, details);
        session.transfer(reportFlowFile, route);

        FlowFile original = session.putAllAttributes(flowFile, attributes);
        session.getProvenanceReporter().modifyAttributes(original, details);
        session.transfer(original, REL_ORIGINAL);
    }

    private List<LabeledText> readSynthetic(ProcessContext context, ProcessSession session, FlowFile flowFile)
            throws Exception {
        RecordReaderFactory readerFactory = context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class);
        String textField = context.getProperty(TEXT_FIELD).getValue();
        String labelField = context.getProperty(LABEL_FIELD).getValue();
        List<LabeledText> records = new ArrayList<>();
        try (InputStream in = session.read(flowFile);
             RecordReader reader = readerFactory.createRecordReader(flowFile, in, getLogger())) {
            Record record;
            while ((record = reader.nextRecord()) != null) {
                records.add(LabeledRecords.of(record, textField, labelField, records.size() + 1L));
            }
        }
        return records;
    }

    /** Counts and metrics only. */
    private static String provenanceDetails(UtilityReport report, List<String> missed) {
        return "synthetic=" + report.counts().synthetic() + " realHeldOut=" + report.counts().realTest()
                + " accuracy=" + UtilityAttributes.decimal(report.downstream().syntheticToReal().accuracy())
                + " mauve=" + UtilityAttributes.decimal(report.mauve().result().score())
                + " classifier=" + report.downstream().classifier()
                + report.perplexity().stream().map(p -> " perplexity[" + p.adapter() + "]="
                + UtilityAttributes.decimal(p.perplexity())).collect(Collectors.joining())
                + " belowThreshold=" + String.join(",", missed);
    }

    private void fail(ProcessSession session, FlowFile flowFile, String reason) {
        getLogger().error("Routing {} to failure: {}", flowFile, reason);
        session.transfer(session.putAttribute(flowFile, DpsynthAttributes.ERROR, reason), REL_FAILURE);
    }

    private RealReference loadLogged(SensitiveReference reference, RecordReaderFactory readerFactory,
                                     RealRecordsSettings settings, UtilityEvaluator configured,
                                     LanguageModel model)
            throws SensitiveReference.UnreadableException {
        long start = System.nanoTime();
        RealReference real = RealEvaluationRecords.load(reference, readerFactory, settings, configured.classifier(),
                model, getLogger());
        getLogger().info("Real evaluation records loaded: {} training, {} held-out, {} classes; reference accuracy "
                        + "{} ({} ms)", real.train().size(), real.test().size(), real.labels().size(),
                UtilityAttributes.decimal(real.realToReal().accuracy()), (System.nanoTime() - start) / 1_000_000);
        return real;
    }

    private static OptionalDouble optional(ProcessContext context, PropertyDescriptor property) {
        return context.getProperty(property).isSet() ? OptionalDouble.of(context.getProperty(property).asDouble())
                : OptionalDouble.empty();
    }
}
