package io.dpsynth.corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeldOutSplitTest {

    @TempDir
    Path dir;

    @Test
    void bucketIsTheSha256OfTheId() {
        // Values from Python: int.from_bytes(hashlib.sha256(id.encode()).digest()[:8], 'big') % 20
        assertTrue(HeldOutSplit.isHeldOut("sotu/1875_ulysses_s_grant_r"));
        assertTrue(HeldOutSplit.isHeldOut("spam-assassin/easy-ham-2/00003"));
        assertFalse(HeldOutSplit.isHeldOut("a"));
        assertFalse(HeldOutSplit.isHeldOut("moby-dick/chapter-1"));
    }

    @Test
    void holdsOutAboutOneInTwenty() {
        long heldOut = IntStream.range(0, 20_000).filter(i -> HeldOutSplit.isHeldOut("doc-" + i)).count();
        assertTrue(heldOut > 850 && heldOut < 1150, "held out: " + heldOut);
    }

    @Test
    void readsJsonLines() throws IOException {
        Path file = dir.resolve("corpus.jsonl");
        Files.writeString(file, "{\"id\":\"a\",\"text\":\"one\",\"source\":\"x\"}\n\n{\"id\":\"b\",\"text\":\"two\\nlines\"}\n");
        assertEquals(List.of(new PublicDocument("a", "one"), new PublicDocument("b", "two\nlines")), JsonLinesCorpus.read(file));
    }

    @Test
    void rejectsRecordsWithoutText() throws IOException {
        Path file = dir.resolve("corpus.jsonl");
        Files.writeString(file, "{\"id\":\"a\",\"text\":\"one\"}\n{\"id\":\"b\"}\n");
        IOException error = assertThrows(IOException.class, () -> JsonLinesCorpus.read(file));
        assertEquals("corpus.jsonl line 2: needs string fields id and text", error.getMessage());
    }
}
