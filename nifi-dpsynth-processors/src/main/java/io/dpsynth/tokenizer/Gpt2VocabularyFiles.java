package io.dpsynth.tokenizer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads OpenAI's original GPT-2 vocabulary files ({@code encoder.json}: token → id, {@code vocab.bpe}: a
 * {@code #version} line, then one merge per line) so they can be written as a {@code tokenizer.json}.
 * Usage: {@code Gpt2VocabularyFiles encoder.json vocab.bpe tokenizer.json}.
 */
public final class Gpt2VocabularyFiles {

    private Gpt2VocabularyFiles() {
    }

    public static BpeVocabulary read(Path encoderJson, Path vocabBpe) throws IOException {
        Map<String, Integer> ids = new ObjectMapper().readValue(encoderJson.toFile(), new TypeReference<>() { });
        Integer endOfTextId = ids.remove(BpeVocabulary.END_OF_TEXT);
        if (endOfTextId == null || endOfTextId != ids.size()) {
            throw new IOException(encoderJson.getFileName() + ": " + BpeVocabulary.END_OF_TEXT + " must have the last id");
        }
        String[] tokens = new String[ids.size()];
        ids.forEach((token, id) -> tokens[id] = token);
        List<BpeMerge> merges = new ArrayList<>();
        for (String line : Files.readAllLines(vocabBpe, StandardCharsets.UTF_8)) {
            if (line.startsWith("#version") || line.isBlank()) {
                continue;
            }
            String[] pair = line.split(" ");
            if (pair.length != 2) {
                throw new IOException(vocabBpe.getFileName() + ": malformed merge line (length " + line.length() + ")");
            }
            merges.add(new BpeMerge(pair[0], pair[1]));
        }
        return new BpeVocabulary(List.of(tokens), merges, BpeVocabulary.END_OF_TEXT);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: Gpt2VocabularyFiles encoder.json vocab.bpe tokenizer.json");
            System.exit(2);
        }
        BpeVocabulary vocabulary = read(Path.of(args[0]), Path.of(args[1]));
        TokenizerJsonWriter.write(vocabulary, Path.of(args[2]));
        System.out.printf("wrote %s: %d ids, %d merges%n", args[2], vocabulary.size(), vocabulary.merges().size());
    }
}
