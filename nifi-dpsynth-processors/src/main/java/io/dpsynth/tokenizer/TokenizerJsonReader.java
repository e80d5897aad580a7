package io.dpsynth.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the parts of a byte-level BPE {@code tokenizer.json} that the native tokenizer does not expose: the
 * vocabulary, the merges and the end-of-text id. Accepts GPT-2's own file as well as ours.
 */
public final class TokenizerJsonReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TokenizerJsonReader() {
    }

    public static BpeVocabulary read(Path file) throws IOException {
        JsonNode root = MAPPER.readTree(file.toFile());
        JsonNode model = root.path("model");
        if (!"BPE".equals(model.path("type").asText()) || !model.path("vocab").isObject()) {
            throw new IOException(file.getFileName() + ": not a BPE tokenizer.json (model.type must be BPE with a vocab)");
        }
        int endOfTextId = endOfTextId(root, file);
        JsonNode vocab = model.get("vocab");
        String[] tokens = new String[endOfTextId];
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            int id = entry.getValue().asInt();
            if (id < endOfTextId) {
                tokens[id] = entry.getKey();
            } else if (id > endOfTextId) {
                throw new IOException(file.getFileName() + ": token id " + id + " is above the end-of-text id " + endOfTextId);
            }
        }
        for (int id = 0; id < tokens.length; id++) {
            if (tokens[id] == null) {
                throw new IOException(file.getFileName() + ": no token with id " + id);
            }
        }
        List<BpeMerge> merges = new ArrayList<>();
        for (JsonNode merge : model.path("merges")) {
            merges.add(parseMerge(merge, file));
        }
        return new BpeVocabulary(List.of(tokens), merges, BpeVocabulary.END_OF_TEXT);
    }

    private static int endOfTextId(JsonNode root, Path file) throws IOException {
        for (JsonNode added : root.path("added_tokens")) {
            if (BpeVocabulary.END_OF_TEXT.equals(added.path("content").asText())) {
                return added.path("id").asInt();
            }
        }
        throw new IOException(file.getFileName() + ": no " + BpeVocabulary.END_OF_TEXT + " added token");
    }

    /** Merges are "a b" strings (GPT-2, ours) or two-element arrays (newer HF files). */
    private static BpeMerge parseMerge(JsonNode merge, Path file) throws IOException {
        if (merge.isArray() && merge.size() == 2) {
            return new BpeMerge(merge.get(0).asText(), merge.get(1).asText());
        }
        String text = merge.asText();
        int space = text.indexOf(' ');
        if (space <= 0 || space != text.lastIndexOf(' ') || space == text.length() - 1) {
            throw new IOException(file.getFileName() + ": malformed merge entry (length " + text.length() + ")");
        }
        return new BpeMerge(text.substring(0, space), text.substring(space + 1));
    }
}
