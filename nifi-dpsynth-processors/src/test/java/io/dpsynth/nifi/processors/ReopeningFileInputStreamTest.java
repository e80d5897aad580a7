package io.dpsynth.nifi.processors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReopeningFileInputStreamTest {

    @TempDir
    Path dir;

    @Test
    void rewindsToTheMarkOverMoreThanAnyBuffer() throws IOException {
        byte[] content = new byte[3_000_000];
        new SplittableRandom(5).nextBytes(content);
        Path plain = Files.write(dir.resolve("records.jsonl"), content);
        Path gzip = dir.resolve("records.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            out.write(content);
        }
        for (Path file : new Path[] {plain, gzip}) {
            try (InputStream in = new ReopeningFileInputStream(file)) {
                assertTrue(in.markSupported());
                in.skipNBytes(1000);
                in.mark(1);
                byte[] first = in.readNBytes(2_500_000); // far beyond the read limit and any buffer
                in.reset();
                byte[] again = in.readAllBytes();
                assertArrayEquals(Arrays.copyOfRange(content, 1000, 2_501_000), first, file.toString());
                assertArrayEquals(Arrays.copyOfRange(content, 1000, content.length), again, file.toString());
            }
        }
    }
}
