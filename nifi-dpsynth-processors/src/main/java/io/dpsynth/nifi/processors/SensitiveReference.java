package io.dpsynth.nifi.processors;

import io.dpsynth.dedup.DedupSettings;
import io.dpsynth.dedup.SensitiveIndex;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The sensitive data as NiFi sees it: a file, or the regular non-hidden files of a directory (not
 * recursive), read with a Record Reader; files ending in {@code .gz} are decompressed first.
 * Errors name the file and the record's position, never its content: a reader's own message may
 * quote the sensitive text it failed on, so only the exception type is kept.
 */
final class SensitiveReference {

    private final Path location;

    SensitiveReference(Path location) {
        this.location = location;
    }

    /** What a rebuild is keyed on: each file's path, size and modification time. */
    record Fingerprint(List<String> stamps) {
    }

    /** Why the sensitive data could not be read; the message is safe to log and show. */
    static final class UnreadableException extends Exception {
        UnreadableException(String message) {
            super(message);
        }
    }

    /**
     * Validates a location property (Expression Language evaluated without a FlowFile): the problems
     * that stop the records from being read, named as {@code what}, e.g. "the sensitive reference".
     */
    static List<ValidationResult> validateLocation(ValidationContext context, PropertyDescriptor property, String what) {
        String location = context.getProperty(property).evaluateAttributeExpressions().getValue();
        String problem = location == null ? null : new SensitiveReference(Path.of(location)).problem();
        if (problem == null) {
            return List.of();
        }
        return List.of(new ValidationResult.Builder().subject(property.getName()).input(location)
                .valid(false).explanation(what + " " + problem).build());
    }

    /** A problem that stops the reference from being used, or null when it looks readable. */
    String problem() {
        if (!Files.exists(location)) {
            return "does not exist";
        }
        if (!Files.isReadable(location)) {
            return "is not readable";
        }
        try {
            return files().isEmpty() ? "is a directory without regular files" : null;
        } catch (IOException e) {
            return "cannot be listed (" + e.getClass().getSimpleName() + ")";
        }
    }

    Fingerprint fingerprint() throws IOException {
        List<String> stamps = new ArrayList<>();
        for (Path file : files()) {
            stamps.add(file + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis());
        }
        return new Fingerprint(stamps);
    }

    /** Reads every record's {@code textField} into a new index. */
    SensitiveIndex load(RecordReaderFactory readerFactory, String textField, DedupSettings settings,
                        ComponentLog logger) throws UnreadableException {
        SensitiveIndex.Builder builder = SensitiveIndex.builder(settings);
        readRecords(readerFactory, logger, (record, recordNumber) -> builder.add(RecordText.of(record, textField,
                recordNumber)));
        return builder.build();
    }

    /** Takes one record of the reference; may reject it with a message that names only position and field. */
    @FunctionalInterface
    interface RecordVisitor {
        void visit(Record record, long recordNumber) throws RecordText.MissingFieldException;
    }

    /** Hands every record of every file, in file order, to {@code visitor}; record numbers count per file from 1. */
    void readRecords(RecordReaderFactory readerFactory, ComponentLog logger, RecordVisitor visitor)
            throws UnreadableException {
        List<Path> files;
        try {
            files = files();
        } catch (IOException e) {
            throw new UnreadableException("Sensitive reference " + location + " cannot be listed ("
                    + e.getClass().getSimpleName() + ")");
        }
        for (int f = 0; f < files.size(); f++) {
            readFile(files.get(f), readerFactory, visitor, logger, "file " + (f + 1) + " of " + files.size()
                    + " (" + files.get(f).getFileName() + ")");
        }
    }

    private static void readFile(Path file, RecordReaderFactory readerFactory, RecordVisitor visitor,
                                 ComponentLog logger, String where) throws UnreadableException {
        long recordNumber = 0;
        try (InputStream in = new ReopeningFileInputStream(file);
             RecordReader reader = readerFactory.createRecordReader(Map.of(), in, -1, logger)) {
            Record record;
            while ((record = reader.nextRecord()) != null) {
                recordNumber++;
                visitor.visit(record, recordNumber);
            }
        } catch (RecordText.MissingFieldException e) {
            throw new UnreadableException("Sensitive reference " + where + ": " + e.getMessage());
        } catch (Exception e) {
            throw new UnreadableException("Sensitive reference " + where + " failed after " + recordNumber
                    + " records (" + e.getClass().getSimpleName() + ")");
        }
    }


    private List<Path> files() throws IOException {
        if (!Files.isDirectory(location)) {
            return List.of(location);
        }
        try (Stream<Path> entries = Files.list(location)) {
            return entries.filter(Files::isRegularFile)
                    .filter(path -> !path.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }
}
