package io.dpsynth.nifi.processors;

import io.dpsynth.dedup.OverlapKind;
import io.dpsynth.dedup.OverlapResult;
import io.dpsynth.nifi.DpsynthAttributes;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Names and values of the attributes DedupAgainstSensitive writes: counts and kinds only. */
final class DedupAttributes {

    static final String OVERLAP = "dpsynth.dedup.overlap";
    static final String TOKENS = "dpsynth.dedup.tokens";
    static final String MATCHED_WINDOWS = "dpsynth.dedup.matched.windows";
    static final String LONGEST_MATCH_TOKENS = "dpsynth.dedup.longest.match.tokens";
    static final String JACCARD = "dpsynth.dedup.jaccard";
    static final String RECORDS_SCANNED = "dpsynth.dedup.records.scanned";
    static final String RECORDS_EXACT = "dpsynth.dedup.records.exact";
    static final String RECORDS_NEAR = "dpsynth.dedup.records.near.duplicate";
    static final String RECORDS_EMPTY = "dpsynth.dedup.records.empty";
    static final String INDEX_RECORDS = "dpsynth.dedup.index.records";
    static final String ERROR = DpsynthAttributes.ERROR;

    private DedupAttributes() {
    }

    static Map<String, String> ofDocument(OverlapResult result, int indexRecords) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put(OVERLAP, result.kind().label());
        attributes.put(TOKENS, Integer.toString(result.tokens()));
        attributes.put(MATCHED_WINDOWS, Integer.toString(result.matchedWindows()));
        attributes.put(LONGEST_MATCH_TOKENS, Integer.toString(result.longestMatchTokens()));
        attributes.put(JACCARD, String.format(Locale.ROOT, "%.3f", result.jaccard()));
        attributes.put(INDEX_RECORDS, Integer.toString(indexRecords));
        return attributes;
    }

    /** Running totals over the records of one FlowFile. */
    static final class RecordTotals {
        int scanned;
        int exact;
        int near;
        int empty;
        int longestMatchTokens;

        void add(OverlapResult result) {
            scanned++;
            exact += result.kind() == OverlapKind.EXACT ? 1 : 0;
            near += result.kind() == OverlapKind.NEAR_DUPLICATE ? 1 : 0;
            empty += result.tokens() == 0 ? 1 : 0;
            longestMatchTokens = Math.max(longestMatchTokens, result.longestMatchTokens());
        }

        int overlapping() {
            return exact + near;
        }

        /** Strongest kind among the overlapping records. */
        OverlapKind strongestOverlap() {
            return exact > 0 ? OverlapKind.EXACT : near > 0 ? OverlapKind.NEAR_DUPLICATE : OverlapKind.NONE;
        }

        Map<String, String> toAttributes(OverlapKind kindOfThisOutput, int indexRecords) {
            Map<String, String> attributes = new HashMap<>();
            attributes.put(OVERLAP, kindOfThisOutput.label());
            attributes.put(RECORDS_SCANNED, Integer.toString(scanned));
            attributes.put(RECORDS_EXACT, Integer.toString(exact));
            attributes.put(RECORDS_NEAR, Integer.toString(near));
            attributes.put(RECORDS_EMPTY, Integer.toString(empty));
            attributes.put(LONGEST_MATCH_TOKENS, Integer.toString(longestMatchTokens));
            attributes.put(INDEX_RECORDS, Integer.toString(indexRecords));
            return attributes;
        }
    }
}
