package io.dpsynth.nifi.processors;

import io.dpsynth.dedup.DedupSettings;
import io.dpsynth.dedup.OverlapKind;
import io.dpsynth.dedup.OverlapResult;
import io.dpsynth.dedup.SensitiveIndex;
import io.dpsynth.text.Normalization;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.InputRequirement.Requirement;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
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
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

@Tags({"dpsynth", "differential privacy", "dedup", "deduplication", "overlap", "minhash", "lsh", "pre-training",
        "contamination", "text", "record"})
@CapabilityDescription("""
        Removes from a public (pre-training) corpus every document that overlaps the sensitive data: a shared run \
        of at least the configured number of normalised tokens (exact overlap, found with rolling hashes over a \
        compact index), or a lightly edited copy of a sensitive record (near-duplicate, found with MinHash and \
        LSH above a Jaccard threshold). A model pre-trained on public text that contains the sensitive records \
        voids every differential-privacy guarantee given later, so this step comes first. The sensitive data is \
        read once with a Record Reader from a file or directory and indexed as hashes only; the index is \
        rebuilt when the files change. Documents come one per FlowFile or as records; outputs carry counts, \
        never sensitive text.""")
@InputRequirement(Requirement.INPUT_REQUIRED)
@WritesAttributes({
        @WritesAttribute(attribute = DedupAttributes.OVERLAP, description = "none, exact or near-duplicate: the "
                + "strongest overlap of the document (record mode: of the records in this FlowFile)"),
        @WritesAttribute(attribute = DedupAttributes.TOKENS, description = "One Document per FlowFile: tokens in "
                + "the document after normalisation (0 for an empty document)"),
        @WritesAttribute(attribute = DedupAttributes.MATCHED_WINDOWS, description = "One Document per FlowFile: "
                + "windows of the document that also occur in the sensitive data"),
        @WritesAttribute(attribute = DedupAttributes.LONGEST_MATCH_TOKENS, description = "Longest run of tokens "
                + "shared with the sensitive data (record mode: the longest over all records scanned)"),
        @WritesAttribute(attribute = DedupAttributes.JACCARD, description = "One Document per FlowFile: best "
                + "estimated Jaccard similarity with a sensitive record among LSH candidates (0.000 when not computed)"),
        @WritesAttribute(attribute = DedupAttributes.RECORDS_SCANNED, description = "Records: records read from the input"),
        @WritesAttribute(attribute = DedupAttributes.RECORDS_EXACT, description = "Records: records with exact overlap"),
        @WritesAttribute(attribute = DedupAttributes.RECORDS_NEAR, description = "Records: near-duplicate records"),
        @WritesAttribute(attribute = DedupAttributes.RECORDS_EMPTY, description = "Records: records with no tokens "
                + "(they are clean)"),
        @WritesAttribute(attribute = "record.count", description = "Records: records in this FlowFile"),
        @WritesAttribute(attribute = DedupAttributes.INDEX_RECORDS, description = "Sensitive records in the index used"),
        @WritesAttribute(attribute = DedupAttributes.ERROR, description = "On failure: why, without any document text")
})
@UseCase(
        description = "Scrub a public pre-training corpus of anything that overlaps the sensitive data before a "
                + "model is pre-trained on it.",
        keywords = {"pre-training", "contamination", "dedup", "privacy"},
        configuration = """
                Set "Sensitive Reference Location" to the file or directory holding the sensitive records and \
                "Sensitive Record Reader" to a reader for them (e.g. a JSON reader for JSON Lines); set \
                "Sensitive Text Field" to the field with the text.
                Set "Public Input Format" to "Records" with a Record Reader and Record Writer for the corpus, \
                or to "One Document per FlowFile".
                Keep "Exact Match Window" at 50 tokens (the paper's value) unless the threat model says otherwise.
                Connect "clean" to the pre-training step; send "overlapping" to review or auto-terminate it.""")
public class DedupAgainstSensitive extends AbstractProcessor {

    public static final PropertyDescriptor SENSITIVE_LOCATION = new PropertyDescriptor.Builder()
            .name("Sensitive Reference Location")
            .description("File, or directory of files (not recursive, hidden files skipped), holding the sensitive "
                    + "records. Files ending in .gz are decompressed. The index is rebuilt when a file's size or "
                    + "modification time changes.")
            .required(true)
            .identifiesExternalResource(ResourceCardinality.SINGLE, ResourceType.FILE, ResourceType.DIRECTORY)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .build();

    public static final PropertyDescriptor SENSITIVE_READER = new PropertyDescriptor.Builder()
            .name("Sensitive Record Reader")
            .description("Reads the sensitive records.")
            .required(true)
            .identifiesControllerService(RecordReaderFactory.class)
            .build();

    public static final PropertyDescriptor SENSITIVE_TEXT_FIELD = new PropertyDescriptor.Builder()
            .name("Sensitive Text Field")
            .description("Field of a sensitive record that holds its text. A record without it makes the reference "
                    + "unusable; a null value counts as empty text.")
            .required(true)
            .defaultValue("text")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor INPUT_FORMAT = new PropertyDescriptor.Builder()
            .name("Public Input Format")
            .description("How the public documents arrive.")
            .required(true)
            .allowableValues(PublicInputFormat.class)
            .defaultValue(PublicInputFormat.DOCUMENT)
            .build();

    public static final PropertyDescriptor CHARACTER_SET = new PropertyDescriptor.Builder()
            .name("Character Set")
            .description("Encoding of the FlowFile content. Invalid byte sequences are replaced, never fatal.")
            .required(true)
            .defaultValue("UTF-8")
            .addValidator(StandardValidators.CHARACTER_SET_VALIDATOR)
            .dependsOn(INPUT_FORMAT, PublicInputFormat.DOCUMENT)
            .build();

    public static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
            .name("Record Reader")
            .description("Reads the public records.")
            .required(true)
            .identifiesControllerService(RecordReaderFactory.class)
            .dependsOn(INPUT_FORMAT, PublicInputFormat.RECORDS)
            .build();

    public static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer")
            .description("Writes the clean and the overlapping records, each to its own FlowFile.")
            .required(true)
            .identifiesControllerService(RecordSetWriterFactory.class)
            .dependsOn(INPUT_FORMAT, PublicInputFormat.RECORDS)
            .build();

    public static final PropertyDescriptor TEXT_FIELD = new PropertyDescriptor.Builder()
            .name("Text Field")
            .description("Field of a public record that holds its text. A record without it sends the FlowFile to "
                    + "failure; a null value counts as an empty document.")
            .required(true)
            .defaultValue("text")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .dependsOn(INPUT_FORMAT, PublicInputFormat.RECORDS)
            .build();

    public static final PropertyDescriptor WINDOW_TOKENS = new PropertyDescriptor.Builder()
            .name("Exact Match Window")
            .description("A document overlaps exactly when it shares this many consecutive normalised tokens with "
                    + "a sensitive record (50 in the paper). A sensitive record shorter than this is matched only "
                    + "as a whole document.")
            .required(true)
            .defaultValue(Integer.toString(DedupSettings.DEFAULT_WINDOW_TOKENS))
            .addValidator(StandardValidators.createLongValidator(1, 100_000, true))
            .build();

    public static final PropertyDescriptor CASE_SENSITIVE = new PropertyDescriptor.Builder()
            .name("Case Sensitive")
            .description("Whether upper and lower case differ when tokens are compared.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .build();

    public static final PropertyDescriptor PUNCTUATION_SIGNIFICANT = new PropertyDescriptor.Builder()
            .name("Punctuation Significant")
            .description("Whether punctuation characters are tokens that must match (true) or separators (false). "
                    + "Whitespace is always a separator.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .build();

    public static final PropertyDescriptor NEAR_DUPLICATES = new PropertyDescriptor.Builder()
            .name("Near-Duplicate Detection")
            .description("Also remove lightly edited copies of sensitive records (MinHash + LSH). Costs about "
                    + "0.8 KB of index per sensitive record and extra time per document.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .build();

    public static final PropertyDescriptor JACCARD_THRESHOLD = new PropertyDescriptor.Builder()
            .name("Jaccard Threshold")
            .description("A document is a near-duplicate when the estimated Jaccard similarity of its shingles with "
                    + "one sensitive record's is at least this (0 < threshold <= 1). Documents of fewer than "
                    + DedupSettings.DEFAULT_MIN_NEAR_DUPLICATE_TOKENS + " tokens are never near-duplicates.")
            .required(true)
            .defaultValue(Double.toString(DedupSettings.DEFAULT_JACCARD_THRESHOLD))
            .addValidator(DedupAgainstSensitive::validateJaccard)
            .dependsOn(NEAR_DUPLICATES, "true")
            .build();

    public static final PropertyDescriptor SHINGLE_TOKENS = new PropertyDescriptor.Builder()
            .name("Shingle Size")
            .description("Tokens per shingle for the near-duplicate comparison.")
            .required(true)
            .defaultValue(Integer.toString(DedupSettings.DEFAULT_SHINGLE_TOKENS))
            .addValidator(StandardValidators.createLongValidator(1, 1_000, true))
            .dependsOn(NEAR_DUPLICATES, "true")
            .build();

    public static final Relationship REL_CLEAN = new Relationship.Builder()
            .name("clean")
            .description("Documents (or records) with no overlap with the sensitive data, including empty ones.")
            .build();

    public static final Relationship REL_OVERLAPPING = new Relationship.Builder()
            .name("overlapping")
            .description("Documents (or records) that overlap the sensitive data exactly or as near-duplicates.")
            .build();

    public static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("FlowFiles that could not be read or checked, unchanged, with " + DedupAttributes.ERROR + ".")
            .build();

    private static final List<PropertyDescriptor> PROPERTIES = List.of(SENSITIVE_LOCATION, SENSITIVE_READER,
            SENSITIVE_TEXT_FIELD, INPUT_FORMAT, CHARACTER_SET, RECORD_READER, RECORD_WRITER, TEXT_FIELD, WINDOW_TOKENS,
            CASE_SENSITIVE, PUNCTUATION_SIGNIFICANT, NEAR_DUPLICATES, JACCARD_THRESHOLD, SHINGLE_TOKENS);

    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_CLEAN, REL_OVERLAPPING, REL_FAILURE);

    private volatile SensitiveReferenceCache<SensitiveIndex> indexCache;

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
        return SensitiveReference.validateLocation(context, SENSITIVE_LOCATION, "the sensitive reference");
    }

    @OnScheduled
    public void buildIndex(ProcessContext context) throws SensitiveReference.UnreadableException {
        DedupSettings settings = settingsFrom(context);
        RecordReaderFactory readerFactory = context.getProperty(SENSITIVE_READER)
                .asControllerService(RecordReaderFactory.class);
        String textField = context.getProperty(SENSITIVE_TEXT_FIELD).getValue();
        Path location = Path.of(context.getProperty(SENSITIVE_LOCATION).evaluateAttributeExpressions().getValue());
        SensitiveReferenceCache<SensitiveIndex> cache = new SensitiveReferenceCache<>(new SensitiveReference(location),
                reference -> loadLogged(reference, readerFactory, textField, settings),
                SensitiveReferenceCache.CHECK_INTERVAL_NANOS);
        cache.current(); // fail scheduling now rather than on the first FlowFile
        indexCache = cache;
    }

    @OnStopped
    public void releaseIndex() {
        indexCache = null;
    }

    @Override
    public void onTrigger(ProcessContext context, ProcessSession session) throws ProcessException {
        SensitiveIndex index;
        try {
            index = indexCache.current();
        } catch (SensitiveReference.UnreadableException e) {
            getLogger().error("Sensitive index could not be rebuilt; yielding: {}", e.getMessage());
            context.yield();
            return;
        }
        FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        if (context.getProperty(INPUT_FORMAT).asAllowableValue(PublicInputFormat.class) == PublicInputFormat.RECORDS) {
            dedupRecords(context, session, flowFile, index);
        } else {
            dedupDocument(context, session, flowFile, index);
        }
    }

    private void dedupDocument(ProcessContext context, ProcessSession session, FlowFile flowFile,
                               SensitiveIndex index) {
        Charset charset = Charset.forName(context.getProperty(CHARACTER_SET).getValue());
        String text;
        try (InputStream in = session.read(flowFile)) {
            text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(in.readAllBytes())).toString();
        } catch (Exception e) {
            fail(session, flowFile, "content could not be read (" + e.getClass().getSimpleName() + ")");
            return;
        }
        OverlapResult result = index.check(text);
        Relationship route = result.overlaps() ? REL_OVERLAPPING : REL_CLEAN;
        FlowFile routed = session.putAllAttributes(flowFile, DedupAttributes.ofDocument(result, index.stats().records()));
        session.getProvenanceReporter().route(routed, route, "overlap=" + result.kind().label()
                + " longestMatchTokens=" + result.longestMatchTokens());
        session.transfer(routed, route);
    }

    private void dedupRecords(ProcessContext context, ProcessSession session, FlowFile flowFile,
                              SensitiveIndex index) {
        RecordReaderFactory readerFactory = context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class);
        RecordSetWriterFactory writerFactory = context.getProperty(RECORD_WRITER)
                .asControllerService(RecordSetWriterFactory.class);
        String textField = context.getProperty(TEXT_FIELD).evaluateAttributeExpressions(flowFile).getValue();
        FlowFile clean = session.create(flowFile);
        FlowFile overlapping = session.create(flowFile);
        DedupAttributes.RecordTotals totals = new DedupAttributes.RecordTotals();
        WriteResult cleanResult;
        WriteResult overlappingResult;
        Map<String, String> cleanWriterAttributes = new HashMap<>();
        Map<String, String> overlappingWriterAttributes = new HashMap<>();
        try (InputStream in = session.read(flowFile);
             RecordReader reader = readerFactory.createRecordReader(flowFile, in, getLogger());
             OutputStream cleanOut = session.write(clean);
             OutputStream overlappingOut = session.write(overlapping)) {
            RecordSchema schema = writerFactory.getSchema(flowFile.getAttributes(), reader.getSchema());
            try (RecordSetWriter cleanWriter = writerFactory.createWriter(getLogger(), schema, cleanOut, flowFile);
                 RecordSetWriter overlappingWriter = writerFactory.createWriter(getLogger(), schema, overlappingOut,
                         flowFile)) {
                cleanWriter.beginRecordSet();
                overlappingWriter.beginRecordSet();
                Record record;
                while ((record = reader.nextRecord()) != null) {
                    OverlapResult result = index.check(RecordText.of(record, textField, totals.scanned + 1L));
                    totals.add(result);
                    (result.overlaps() ? overlappingWriter : cleanWriter).write(record);
                }
                cleanResult = cleanWriter.finishRecordSet();
                overlappingResult = overlappingWriter.finishRecordSet();
                cleanWriterAttributes.put("mime.type", cleanWriter.getMimeType());
                overlappingWriterAttributes.put("mime.type", overlappingWriter.getMimeType());
            }
        } catch (Exception e) {
            session.remove(List.of(clean, overlapping));
            // Public data only here, so the reader's own message may be shown.
            String reason = e instanceof MalformedRecordException ? "malformed record: " + e.getMessage()
                    : "records could not be read or written (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
            fail(session, flowFile, reason);
            return;
        }
        int indexRecords = index.stats().records();
        cleanWriterAttributes.putAll(cleanResult.getAttributes());
        cleanWriterAttributes.put("record.count", Integer.toString(cleanResult.getRecordCount()));
        cleanWriterAttributes.putAll(totals.toAttributes(OverlapKind.NONE, indexRecords));
        overlappingWriterAttributes.putAll(overlappingResult.getAttributes());
        overlappingWriterAttributes.put("record.count", Integer.toString(overlappingResult.getRecordCount()));
        overlappingWriterAttributes.putAll(totals.toAttributes(totals.strongestOverlap(), indexRecords));

        // An output with no records is dropped, except that an empty input still yields one (empty) clean FlowFile.
        boolean keepClean = cleanResult.getRecordCount() > 0 || totals.overlapping() == 0;
        String details = "scanned=" + totals.scanned + " exact=" + totals.exact + " near=" + totals.near;
        transferOrRemove(session, clean, keepClean, cleanWriterAttributes, REL_CLEAN, details);
        transferOrRemove(session, overlapping, totals.overlapping() > 0, overlappingWriterAttributes, REL_OVERLAPPING,
                details);
        session.remove(flowFile);
    }

    private static void transferOrRemove(ProcessSession session, FlowFile output, boolean keep,
                                         Map<String, String> attributes, Relationship route, String details) {
        if (!keep) {
            session.remove(output);
            return;
        }
        FlowFile routed = session.putAllAttributes(output, attributes);
        session.getProvenanceReporter().route(routed, route, details);
        session.transfer(routed, route);
    }

    private void fail(ProcessSession session, FlowFile flowFile, String reason) {
        getLogger().error("Routing {} to failure: {}", flowFile, reason);
        session.transfer(session.putAttribute(flowFile, DedupAttributes.ERROR, reason), REL_FAILURE);
    }

    private SensitiveIndex loadLogged(SensitiveReference reference, RecordReaderFactory readerFactory,
                                      String textField, DedupSettings settings)
            throws SensitiveReference.UnreadableException {
        long start = System.nanoTime();
        SensitiveIndex index = reference.load(readerFactory, textField, settings, getLogger());
        SensitiveIndex.IndexStats stats = index.stats();
        getLogger().info("Sensitive index built: {} records, {} distinct windows, {} near-duplicate signatures, "
                        + "{} MiB, {} ms", stats.records(), stats.distinctWindows(), stats.nearRecords(),
                stats.memoryBytes() >> 20, (System.nanoTime() - start) / 1_000_000);
        return index;
    }

    static DedupSettings settingsFrom(ProcessContext context) {
        boolean near = context.getProperty(NEAR_DUPLICATES).asBoolean();
        return new DedupSettings(
                context.getProperty(WINDOW_TOKENS).asInteger(),
                new Normalization(context.getProperty(CASE_SENSITIVE).asBoolean(),
                        context.getProperty(PUNCTUATION_SIGNIFICANT).asBoolean()),
                near,
                near ? context.getProperty(JACCARD_THRESHOLD).asDouble() : DedupSettings.DEFAULT_JACCARD_THRESHOLD,
                near ? context.getProperty(SHINGLE_TOKENS).asInteger() : DedupSettings.DEFAULT_SHINGLE_TOKENS,
                DedupSettings.DEFAULT_MIN_NEAR_DUPLICATE_TOKENS);
    }

    private static ValidationResult validateJaccard(String subject, String input, ValidationContext context) {
        boolean valid;
        try {
            double value = Double.parseDouble(input);
            valid = value > 0 && value <= 1;
        } catch (NumberFormatException e) {
            valid = false;
        }
        return new ValidationResult.Builder().subject(subject).input(input).valid(valid)
                .explanation("must be a number greater than 0 and at most 1").build();
    }
}
