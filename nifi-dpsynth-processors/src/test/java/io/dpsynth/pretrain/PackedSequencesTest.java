package io.dpsynth.pretrain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PackedSequencesTest {

    @Test
    void joinsDocumentsWithSeparatorsAndCutsSequencesSharingOneToken() {
        PackedSequences packed = PackedSequences.pack(List.of(new long[] {1, 2, 3}, new long[0], new long[] {4, 5}),
                List.of(new long[] {7, 8, 9, 10}), 0, 3);
        // training stream 1 2 3 0 4 5 0 → (7 - 1) / 3 = 2 sequences of 4 tokens
        assertArrayEquals(new long[][] {{1, 2, 3, 0}, {0, 4, 5, 0}}, packed.training());
        assertArrayEquals(new long[][] {{7, 8, 9, 10}}, packed.heldOut());
        assertEquals(7, packed.trainingTokens());
        assertEquals(5, packed.heldOutTokens());
    }

    @Test
    void streamShorterThanOneSequenceGivesNone() {
        assertEquals(0, PackedSequences.pack(List.of(new long[] {1, 2}), List.of(), 0, 3).training().length);
    }
}
