package io.dpsynth.nifi.processors;

import io.dpsynth.generation.SyntheticGenerator;
import io.dpsynth.generation.SyntheticRecord;
import io.dpsynth.nifi.DpsynthAttributes;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Writes a generation run into child FlowFiles of at most {@code perFlowFile} records each, pulling batches from the
 * run as a FlowFile needs them: at most one batch is held in memory, whatever the count. Children carry the standard
 * {@code fragment.*} attributes so MergeRecord (Defragment) can rejoin them; {@link #removeAll()} takes every child
 * back when the run fails, so no partial output is released.
 */
final class SyntheticFragments {

    private final ProcessSession session;
    private final FlowFile parent;
    private final RecordSetWriterFactory writerFactory;
    private final SyntheticRecords records;
    private final int perFlowFile;
    private final ComponentLog logger;
    private final String identifier = UUID.randomUUID().toString();
    private final Deque<SyntheticRecord> pending = new ArrayDeque<>();
    private final List<FlowFile> children = new ArrayList<>();

    SyntheticFragments(ProcessSession session, FlowFile parent, RecordSetWriterFactory writerFactory,
                       SyntheticRecords records, int perFlowFile, ComponentLog logger) {
        this.session = session;
        this.parent = parent;
        this.writerFactory = writerFactory;
        this.records = records;
        this.perFlowFile = perFlowFile;
        this.logger = logger;
    }

    /** Whether generated records wait for a FlowFile. */
    boolean hasPending() {
        return !pending.isEmpty();
    }

    /** Fills one more child from the pending records and new batches; a child that got no record is removed. */
    void writeNext(SyntheticGenerator.Run run, BooleanSupplier cancelled) {
        FlowFile child = session.create(parent);
        int[] written = {0};
        String[] mimeType = {null};
        Map<String, Integer> perLabel = new LinkedHashMap<>();
        try {
            child = session.write(child, out -> {
                try (RecordSetWriter writer = createWriter(out)) {
                    writer.beginRecordSet();
                    while (written[0] < perFlowFile) {
                        if (pending.isEmpty()) {
                            if (!run.hasNext() || cancelled.getAsBoolean()) {
                                break;
                            }
                            pending.addAll(run.nextBatch());
                            continue;
                        }
                        SyntheticRecord record = pending.poll();
                        writer.write(records.toRecord(record));
                        perLabel.merge(record.label(), 1, Integer::sum);
                        written[0]++;
                    }
                    writer.finishRecordSet();
                    mimeType[0] = writer.getMimeType();
                }
            });
        } catch (RuntimeException e) {
            session.remove(child);
            throw e;
        }
        if (written[0] == 0) {
            session.remove(child);
            return;
        }
        Map<String, String> attributes = new HashMap<>();
        attributes.put("record.count", Integer.toString(written[0]));
        attributes.put("mime.type", mimeType[0]);
        attributes.put("fragment.identifier", identifier);
        attributes.put("fragment.index", Integer.toString(children.size()));
        attributes.put("filename", identifier + "-" + children.size() + ".synthetic");
        attributes.put(DpsynthAttributes.SYNTHETIC_LABEL_COUNTS, GenerationAttributes.json(perLabel));
        children.add(session.putAllAttributes(child, attributes));
    }

    private RecordSetWriter createWriter(OutputStream out) throws IOException {
        Map<String, String> attributes = parent.getAttributes();
        try {
            RecordSchema schema = writerFactory.getSchema(attributes, records.schema());
            return writerFactory.createWriter(logger, schema, out, attributes);
        } catch (SchemaNotFoundException e) {
            throw new IOException("the Record Writer has no schema for the synthetic records", e);
        }
    }

    /** Puts the run-wide attributes and {@code fragment.count} on every child and returns them. */
    List<FlowFile> finish(Map<String, String> runAttributes) {
        List<FlowFile> done = new ArrayList<>(children.size());
        for (FlowFile child : children) {
            Map<String, String> attributes = new HashMap<>(runAttributes);
            attributes.put("fragment.count", Integer.toString(children.size()));
            done.add(session.putAllAttributes(child, attributes));
        }
        children.clear();
        children.addAll(done);
        return done;
    }

    void removeAll() {
        session.remove(children);
        children.clear();
    }
}
