package io.dpsynth.nifi.processors;

import io.dpsynth.dedup.DedupSettings;
import io.dpsynth.dedup.SensitiveIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DedupIndexCacheTest {

    @TempDir
    Path dir;

    @Test
    void indexIsRebuiltOnlyWhenTheReferenceChanges() throws Exception {
        Path file = dir.resolve("sensitive.jsonl");
        Files.writeString(file, "{\"text\":\"a\"}\n");
        AtomicInteger loads = new AtomicInteger();
        SensitiveReferenceCache<SensitiveIndex> cache = new SensitiveReferenceCache<>(new SensitiveReference(file), reference -> {
            loads.incrementAndGet();
            return SensitiveIndex.builder(DedupSettings.defaults()).build();
        }, 0);

        SensitiveIndex first = cache.current();
        assertSame(first, cache.current());
        assertEquals(1, loads.get());

        Files.writeString(file, "{\"text\":\"a longer text\"}\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
        assertNotSame(first, cache.current());
        assertEquals(2, loads.get());
    }

    @Test
    void vanishedReferenceIsReportedWithoutContent() throws IOException {
        Path file = dir.resolve("gone.jsonl");
        SensitiveReferenceCache<SensitiveIndex> cache = new SensitiveReferenceCache<>(new SensitiveReference(file),
                reference -> SensitiveIndex.builder(DedupSettings.defaults()).build(), 0);
        assertThrows(SensitiveReference.UnreadableException.class, cache::current);
    }
}
