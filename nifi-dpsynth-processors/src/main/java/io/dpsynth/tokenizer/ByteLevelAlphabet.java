package io.dpsynth.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * GPT-2's {@code bytes_to_unicode}: each of the 256 byte values is shown as one printable character, so that
 * byte-level BPE can work on strings (and merges can be written as {@code "a b"}: a space byte becomes 'Ġ').
 * Printable Latin-1 bytes map to themselves; the other 68 bytes map to U+0100 onwards, in byte order.
 */
public final class ByteLevelAlphabet {

    public static final int SIZE = 256;

    /** Byte values in GPT-2's symbol order: the self-mapped printable bytes first, then the rest. */
    private static final int[] BYTES_IN_SYMBOL_ORDER = new int[SIZE];
    private static final char[] SYMBOL_OF_BYTE = new char[SIZE];
    private static final int[] BYTE_OF_SYMBOL = new int[0x200];

    static {
        int count = 0;
        for (int b = 0; b < SIZE; b++) {
            if (isSelfMapped(b)) {
                BYTES_IN_SYMBOL_ORDER[count++] = b;
                SYMBOL_OF_BYTE[b] = (char) b;
            }
        }
        int shifted = 0;
        for (int b = 0; b < SIZE; b++) {
            if (!isSelfMapped(b)) {
                BYTES_IN_SYMBOL_ORDER[count++] = b;
                SYMBOL_OF_BYTE[b] = (char) (SIZE + shifted++);
            }
        }
        Arrays.fill(BYTE_OF_SYMBOL, -1);
        for (int b = 0; b < SIZE; b++) {
            BYTE_OF_SYMBOL[SYMBOL_OF_BYTE[b]] = b;
        }
    }

    private ByteLevelAlphabet() {
    }

    private static boolean isSelfMapped(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }

    /** The character that stands for one byte value (0..255). */
    public static char symbol(int byteValue) {
        return SYMBOL_OF_BYTE[byteValue & 0xFF];
    }

    /** The i-th symbol in GPT-2's order; ids 0..255 of the vocabulary are these symbols. */
    public static char symbolAt(int index) {
        return SYMBOL_OF_BYTE[BYTES_IN_SYMBOL_ORDER[index]];
    }

    /** The UTF-8 bytes of {@code text}, one symbol per byte. */
    public static String toSymbols(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] symbols = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            symbols[i] = symbol(bytes[i]);
        }
        return new String(symbols);
    }

    /** Inverse of {@link #toSymbols}: the bytes behind a symbol string, decoded as UTF-8. */
    public static String fromSymbols(String symbols) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(symbols.length());
        for (int i = 0; i < symbols.length(); i++) {
            char c = symbols.charAt(i);
            int b = c < BYTE_OF_SYMBOL.length ? BYTE_OF_SYMBOL[c] : -1;
            if (b < 0) {
                // Report the code point only as a number: the text may be sensitive.
                throw new IllegalArgumentException("not a byte-level symbol: U+" + Integer.toHexString(c).toUpperCase());
            }
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
