package io.dpsynth.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteLevelAlphabetTest {

    @Test
    void matchesGpt2BytesToUnicode() {
        assertEquals('!', ByteLevelAlphabet.symbolAt(0));
        assertEquals('Ġ', ByteLevelAlphabet.symbol(' '));
        assertEquals('Ċ', ByteLevelAlphabet.symbol('\n'));
        assertEquals('Ā', ByteLevelAlphabet.symbol(0));
        assertEquals('Ń', ByteLevelAlphabet.symbolAt(255)); // byte 0xAD, the last one moved
        Set<Character> symbols = new HashSet<>();
        for (int i = 0; i < ByteLevelAlphabet.SIZE; i++) {
            symbols.add(ByteLevelAlphabet.symbolAt(i));
        }
        assertEquals(256, symbols.size());
    }

    @Test
    void roundTripsUtf8() {
        for (String text : TinyCorpus.DOCUMENTS) {
            assertEquals(text, ByteLevelAlphabet.fromSymbols(ByteLevelAlphabet.toSymbols(text)));
        }
        assertThrows(IllegalArgumentException.class, () -> ByteLevelAlphabet.fromSymbols("€"));
    }
}
