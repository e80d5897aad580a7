package io.dpsynth.dpsgd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpsynth.model.LanguageModel;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A tuned adapter on disk, as DpPromptTune writes it ({@link PeftAdapterArchive}): the zip, or the folder it unzips
 * to. Its metadata is read first, so that an adapter tuned on another base model is refused before any tensor is
 * loaded onto the model.
 */
public final class StoredAdapter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, byte[]> files;
    private final JsonNode config;
    private final JsonNode metadata;

    private StoredAdapter(Map<String, byte[]> files, JsonNode config, JsonNode metadata) {
        this.files = files;
        this.config = config;
        this.metadata = metadata;
    }

    /** Thrown when an adapter was tuned on a different base model than the one it is to be applied to. */
    public static final class BaseModelMismatchException extends IOException {
        BaseModelMismatchException(String message) {
            super(message);
        }
    }

    /**
     * Reads the zip, or the folder, at {@code location} (messages name the location and the file, never content).
     *
     * @throws NoSuchFileException when nothing is there
     */
    public static StoredAdapter read(Path location) throws IOException {
        Map<String, byte[]> files = PeftAdapterArchive.files(location);
        if (!files.containsKey(PeftAdapterArchive.METADATA_FILE)) {
            throw new IOException(location + " is not a dpsynth adapter: " + PeftAdapterArchive.METADATA_FILE + " is missing");
        }
        // A fully fine-tuned model has no PEFT configuration; its name falls back to the tuning method.
        JsonNode config = files.containsKey(PeftAdapterArchive.CONFIG_FILE)
                ? JSON.readTree(files.get(PeftAdapterArchive.CONFIG_FILE)) : JSON.createObjectNode().put("peft_type", "FULL_FINE_TUNING");
        return new StoredAdapter(files, config, JSON.readTree(files.get(PeftAdapterArchive.METADATA_FILE)));
    }

    /** The fingerprint ({@link LanguageModel#fingerprint()}) of the base model the adapter was tuned on. */
    public String baseModelFingerprint() {
        return metadata.path("baseModelFingerprint").asText();
    }

    /** The Prefix-LM template the adapter was tuned with ({@link PrefixLmEncoder#LABEL_PLACEHOLDER} for the label). */
    public String prefixTemplate() {
        return metadata.path("prefixTemplate").asText(PrefixLmEncoder.DEFAULT_TEMPLATE);
    }

    /** A name for reports from the PEFT configuration: {@code soft-prompt-<p>}, {@code lora-r<r>}, else the type. */
    public String name() {
        String type = config.path("peft_type").asText();
        return switch (type) {
            case "PROMPT_TUNING" -> "soft-prompt-" + config.path("num_virtual_tokens").asInt();
            case "LORA" -> "lora-r" + config.path("r").asInt();
            default -> type.toLowerCase(Locale.ROOT).replace('_', '-');
        };
    }

    /**
     * The adapter as a tuner on {@code model}; the caller closes it.
     *
     * @throws BaseModelMismatchException when it was tuned on another base model
     */
    public Tuner load(LanguageModel model) throws IOException {
        if (!baseModelFingerprint().equals(model.fingerprint())) {
            throw new BaseModelMismatchException("the adapter was tuned on base model " + shortFingerprint(baseModelFingerprint())
                    + ", not on the Language Model's " + model.name() + " (" + shortFingerprint(model.fingerprint()) + ")");
        }
        return PeftAdapterArchive.read(files, model.model());
    }

    private static String shortFingerprint(String fingerprint) {
        return fingerprint.isEmpty() ? "(none recorded)"
                : "fingerprint " + fingerprint.substring(0, Math.min(12, fingerprint.length()));
    }
}
