package io.dpsynth.pretrain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackedSequencesTest {

    @Test
    void joinsDocumentsWithSeparatorsAndCutsOverlappingSequences() {
        PackedSequences packed = PackedSequences.pack(List.of(new long[] {1, 2, 3}, new long[] {4, 5}, new long[0]), 0, 3, 0, 1);
        // stream (some document order) has 7 tokens → (7 - 1) / 3 = 2 sequences of 4 tokens sharing one token
        assertEquals(2, packed.training().length);
        assertEquals(4, packed.training()[0].length);
        assertEquals(packed.training()[0][3], packed.training()[1][0]);
        assertEquals(7, packed.trainingTokens());
    }

    @Test
    void heldOutDocumentsAreWholeAndNeverTrainedOn() {
        List<long[]> documents = new ArrayList<>();
        for (int d = 0; d < 100; d++) {
            documents.add(new long[] {1000 + d, 2000 + d, 3000 + d});
        }
        PackedSequences packed = PackedSequences.pack(documents, 0, 4, 0.1, 7);
        Set<Long> training = tokens(packed.training());
        Set<Long> heldOut = tokens(packed.heldOut());
        heldOut.remove(0L);
        assertTrue(heldOut.size() >= 9 * 3, "held-out tokens: " + heldOut.size());
        for (long token : heldOut) {
            assertTrue(!training.contains(token), "held-out token " + token + " in training");
        }
        assertEquals(400, packed.trainingTokens() + packed.heldOutTokens());
        assertArrayEquals(packed.training()[0], PackedSequences.pack(documents, 0, 4, 0.1, 7).training()[0], "seeded");
    }

    private static Set<Long> tokens(long[][] sequences) {
        Set<Long> all = new HashSet<>();
        for (long[] sequence : sequences) {
            for (long token : sequence) {
                all.add(token);
            }
        }
        return all;
    }
}
