package io.dpsynth.privacy.reference;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads the dp_accounting reference CSVs under {@code /refdata} on the test classpath (see its README.md). */
public final class ReferenceCsv {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();

    private ReferenceCsv() {
    }

    public static List<ReferenceRow> read(String resource) {
        try (InputStream in = ReferenceCsv.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + resource);
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return FORMAT.parse(reader).stream().map(CSVRecord::toMap).map(ReferenceRow::new).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
