package io.dpsynth.dedup;

import io.dpsynth.text.Normalization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DedupEngineTest {

    private static PlantedCorpus corpus;
    private static SensitiveIndex index;

    @BeforeAll
    static void buildIndex() {
        corpus = new PlantedCorpus(42, 20);
        SensitiveIndex.Builder builder = SensitiveIndex.builder(DedupSettings.defaults());
        corpus.sensitive.forEach(builder::add);
        builder.add("Short sensitive note: call me at nine.");
        index = builder.build();
    }

    @Test
    void verbatimCopyIsExactWithTheWholeRecordAsLongestMatch() {
        OverlapResult result = index.check(corpus.sensitive.get(3));
        assertEquals(OverlapKind.EXACT, result.kind());
        assertEquals(result.tokens(), result.longestMatchTokens());
        assertEquals(result.tokens() - 50 + 1, result.matchedWindows());
    }

    @Test
    void sixtyTokenQuoteInsideLongerTextIsExact() {
        OverlapResult result = check("quote60-5");
        assertEquals(OverlapKind.EXACT, result.kind());
        assertTrue(result.longestMatchTokens() >= 60, "longest " + result.longestMatchTokens());
        assertTrue(result.tokens() >= 360);
    }

    @Test
    void reformattedUpperCasedQuoteIsExact() {
        assertEquals(OverlapKind.EXACT, check("reformatted-7").kind());
    }

    @Test
    void lightlyEditedCopyIsNearDuplicateOnly() {
        OverlapResult result = check("edited-2");
        assertEquals(OverlapKind.NEAR_DUPLICATE, result.kind());
        assertEquals(0, result.matchedWindows(), "the edits leave no 50-token run intact");
        assertTrue(result.jaccard() >= 0.6, "jaccard " + result.jaccard());
    }

    @Test
    void commonPhrasesAndShortSharedRunAreNotOverlap() {
        OverlapResult result = check("negative-4");
        assertEquals(OverlapKind.NONE, result.kind());
        assertTrue(result.jaccard() < 0.2, "jaccard " + result.jaccard());
    }

    @Test
    void shortSensitiveRecordIsFoundOnlyAsAWholeDocument() {
        assertEquals(OverlapKind.EXACT, index.check("SHORT sensitive note -- call me at nine!").kind());
        assertEquals(OverlapKind.NONE, index.check("short sensitive note call me at ten").kind());
    }

    @Test
    void emptyDocumentIsCleanWithZeroTokens() {
        OverlapResult result = index.check("  \n\t ");
        assertEquals(new OverlapResult(OverlapKind.NONE, 0, 0, 0, 0), result);
    }

    @Test
    void caseSensitiveNormalizationKeepsCaseApart() {
        DedupSettings settings = new DedupSettings(5, new Normalization(true, false), false, 0.6, 5, 20);
        SensitiveIndex strict = SensitiveIndex.builder(settings).add("one two three four five six").build();
        assertEquals(OverlapKind.EXACT, strict.check("zero one two three four five").kind());
        assertEquals(OverlapKind.NONE, strict.check("zero ONE two three four five").kind());
    }

    @Test
    void keptPunctuationMustMatchToo() {
        DedupSettings settings = new DedupSettings(4, new Normalization(false, true), false, 0.6, 5, 20);
        SensitiveIndex strict = SensitiveIndex.builder(settings).add("alpha, beta gamma delta epsilon").build();
        assertEquals(OverlapKind.EXACT, strict.check("x alpha, beta gamma").kind());
        assertEquals(OverlapKind.NONE, strict.check("x alpha beta gamma delta").kind());
    }

    @Test
    void nearDuplicateDetectionCanBeSwitchedOff() {
        DedupSettings exactOnly = DedupSettings.defaults().withNearDuplicates(false);
        SensitiveIndex.Builder builder = SensitiveIndex.builder(exactOnly);
        corpus.sensitive.forEach(builder::add);
        assertEquals(OverlapKind.NONE, builder.build().check(text("edited-2")).kind());
    }

    @Test
    void statsCountRecordsAndWindows() {
        SensitiveIndex.IndexStats stats = index.stats();
        assertEquals(21, stats.records());
        assertEquals(20, stats.nearRecords(), "the short note has too few tokens for MinHash");
        assertTrue(stats.distinctWindows() > 20 * 140 && stats.distinctWindows() <= 20 * 151);
        assertTrue(stats.memoryBytes() > 0);
    }

    private static OverlapResult check(String name) {
        return index.check(text(name));
    }

    private static String text(String name) {
        List<PlantedCorpus.Planted> found = corpus.publicDocs.stream().filter(p -> p.name().equals(name)).toList();
        return found.getFirst().text();
    }
}
