package io.dpsynth.tokenizer;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@link BpeVocabulary} as a Hugging Face {@code tokenizer.json} in GPT-2's layout: BPE model with
 * {@code "a b"} merges, ByteLevel pre-tokenizer (GPT-2 regex, no prefix space), decoder and post-processor, and
 * the end-of-text token as a special added token. Loads in HF tokenizers (Rust, Python) and DJL.
 */
public final class TokenizerJsonWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** One vocabulary entry and one merge per line, "\n" on every platform: readable diffs, same bytes everywhere. */
    private static final DefaultIndenter INDENTER = new DefaultIndenter("  ", "\n");
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(INDENTER).withArrayIndenter(INDENTER);

    private TokenizerJsonWriter() {
    }

    public static void write(BpeVocabulary vocabulary, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        MAPPER.writer(PRETTY).writeValue(file.toFile(), toJson(vocabulary));
    }

    static ObjectNode toJson(BpeVocabulary vocabulary) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ObjectNode special = root.putArray("added_tokens").addObject();
        special.put("id", vocabulary.endOfTextId());
        special.put("content", vocabulary.endOfText());
        special.put("single_word", false);
        special.put("lstrip", false);
        special.put("rstrip", false);
        special.put("normalized", false);
        special.put("special", true);
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel(false, true));
        // GPT-2's own tokenizer.json uses these flags for the post-processor and decoder.
        root.set("post_processor", byteLevel(true, false));
        root.set("decoder", byteLevel(true, true));
        root.set("model", model(vocabulary));
        return root;
    }

    private static ObjectNode byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", "ByteLevel");
        node.put("add_prefix_space", addPrefixSpace);
        node.put("trim_offsets", trimOffsets);
        node.put("use_regex", true);
        return node;
    }

    private static ObjectNode model(BpeVocabulary vocabulary) {
        ObjectNode model = MAPPER.createObjectNode();
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < vocabulary.tokens().size(); id++) {
            vocab.put(vocabulary.tokens().get(id), id);
        }
        vocab.put(vocabulary.endOfText(), vocabulary.endOfTextId());
        ArrayNode merges = model.putArray("merges");
        // Byte-level symbols never contain a space, so "left right" is unambiguous.
        vocabulary.merges().forEach(merge -> merges.add(merge.left() + " " + merge.right()));
        return model;
    }
}
