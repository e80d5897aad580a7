package io.dpsynth.nifi.processors;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A file's content (decompressed when the name ends in {@code .gz}) that supports {@link #mark}/{@link #reset} over
 * any distance by reopening the file and skipping to the mark. Record readers that infer a schema (NiFi's
 * JsonTreeReader, CSVReader) read ahead and rewind; FlowFile content allows that, a plain file stream does not, and
 * buffering a whole sensitive file in memory for it would not scale.
 */
final class ReopeningFileInputStream extends InputStream {

    private static final int BUFFER = 1 << 16;

    private final Path file;
    private InputStream in;
    private long position;
    private long mark;

    ReopeningFileInputStream(Path file) throws IOException {
        this.file = file;
        this.in = open(file);
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        return file.getFileName().toString().endsWith(".gz") ? new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER) : raw;
    }

    @Override
    public int read() throws IOException {
        int value = in.read();
        if (value >= 0) {
            position++;
        }
        return value;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = in.read(buffer, offset, length);
        if (read > 0) {
            position += read;
        }
        return read;
    }

    @Override
    public long skip(long count) throws IOException {
        long skipped = in.skip(count);
        position += skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    /** Remembers the position; the read limit does not apply (any distance can be rewound). */
    @Override
    public synchronized void mark(int readLimit) {
        mark = position;
    }

    @Override
    public synchronized void reset() throws IOException {
        in.close();
        in = open(file);
        position = 0;
        in.skipNBytes(mark);
        position = mark;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
