package io.dpsynth.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.dpsynth.tokenizer.TextTokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A frozen GPT-2 with its tokenizer, loaded once from a Hugging Face model directory ({@code config.json},
 * {@code model.safetensors}, {@code tokenizer.json}) onto one device and shared by every caller. Forward passes
 * and generation may run concurrently; training additionally needs a {@link TrainingLease}. Close it to free the
 * weights and the native tokenizer.
 */
public final class LanguageModel implements AutoCloseable {

    public static final String TOKENIZER_FILE = "tokenizer.json";
    /** Files a model directory must contain. */
    public static final List<String> REQUIRED_FILES = List.of(Gpt2Config.FILE_NAME, Gpt2Weights.WEIGHTS_FILE, TOKENIZER_FILE);

    private final Path directory;
    private final Device device;
    private final NDManager manager;
    private final Gpt2Model model;
    private final TextTokenizer tokenizer;
    private final String fingerprint;
    private final int maxSequenceLength;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private LanguageModel(Path directory, Device device, NDManager manager, Gpt2Model model, TextTokenizer tokenizer,
                          String fingerprint, int maxSequenceLength) {
        this.directory = directory;
        this.device = device;
        this.manager = manager;
        this.model = model;
        this.tokenizer = tokenizer;
        this.fingerprint = fingerprint;
        this.maxSequenceLength = maxSequenceLength;
    }

    /** Loads the model with the longest sequence it was trained for ({@code n_positions}). */
    public static LanguageModel load(Path directory, Device device) throws IOException {
        return load(directory, device, 0);
    }

    /**
     * Loads the model; {@code maxSequenceLength} (prompt + generated tokens, soft prompt included) must be at most
     * the model's {@code n_positions}, 0 means exactly that.
     *
     * @throws ModelFormatException naming the file and the problem when the directory cannot be used
     */
    public static LanguageModel load(Path directory, Device device, int maxSequenceLength) throws IOException {
        Gpt2Config config = checkFiles(directory);
        int maxLength = checkedMaxSequenceLength(maxSequenceLength, config);
        Path tokenizerFile = directory.resolve(TOKENIZER_FILE);
        String fingerprint = fingerprint(directory);
        NDManager manager = NDManager.newBaseManager(device);
        Gpt2Weights weights = null;
        TextTokenizer tokenizer = null;
        try {
            weights = Gpt2Weights.load(directory, manager);
            tokenizer = loadTokenizer(tokenizerFile, config);
            return new LanguageModel(directory, device, manager, new Gpt2Model(weights), tokenizer, fingerprint, maxLength);
        } catch (IOException | RuntimeException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            manager.close();
            throw e;
        }
    }

    /**
     * The cheap checks: the directory exists, holds the {@link #REQUIRED_FILES} and its {@code config.json} describes a
     * GPT-2. Reads no weights.
     *
     * @return the configuration
     */
    public static Gpt2Config checkFiles(Path directory) throws ModelFormatException {
        if (!Files.isDirectory(directory)) {
            throw new ModelFormatException(directory + ": not a directory");
        }
        for (String name : REQUIRED_FILES) {
            if (!Files.isRegularFile(directory.resolve(name))) {
                throw new ModelFormatException(directory.resolve(name) + ": missing (a model directory needs "
                        + String.join(", ", REQUIRED_FILES) + ")");
            }
        }
        return Gpt2Config.read(directory);
    }

    /** Loads and closes the directory's tokenizer, checking that its ids fit the model's vocabulary. */
    public static void checkTokenizer(Path directory, Gpt2Config config) throws ModelFormatException {
        loadTokenizer(directory.resolve(TOKENIZER_FILE), config).close();
    }

    private static int checkedMaxSequenceLength(int requested, Gpt2Config config) {
        if (requested < 0 || requested > config.maxPositions()) {
            throw new IllegalArgumentException("max sequence length " + requested + " is outside 1.." + config.maxPositions()
                    + " (the model's n_positions)");
        }
        return requested == 0 ? config.maxPositions() : requested;
    }

    private static TextTokenizer loadTokenizer(Path file, Gpt2Config config) throws ModelFormatException {
        TextTokenizer tokenizer;
        try {
            tokenizer = TextTokenizer.load(file);
        } catch (IOException e) {
            throw new ModelFormatException(file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // The native library's message may quote the file; the class name is enough to act on.
            throw new ModelFormatException(file + ": not loadable by the Hugging Face tokenizers library ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        if (tokenizer.vocabularySize() > config.vocabularySize()) {
            tokenizer.close();
            throw new ModelFormatException(file + ": " + tokenizer.vocabularySize() + " token ids, but config.json has vocab_size "
                    + config.vocabularySize());
        }
        return tokenizer;
    }

    /**
     * Hex SHA-256 identifying the weights: over the 8-byte big-endian length and the bytes of {@code config.json},
     * then the same for {@code model.safetensors}. Adapters record it to refuse a different base model.
     */
    public static String fingerprint(Path directory) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        for (String name : List.of(Gpt2Config.FILE_NAME, Gpt2Weights.WEIGHTS_FILE)) {
            Path file = directory.resolve(name);
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                digest.update(ByteBuffer.allocate(Long.BYTES).putLong(Files.size(file)).array());
                in.transferTo(OutputStream.nullOutputStream());
            } catch (NoSuchFileException e) {
                throw new ModelFormatException(file + ": missing", e);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public Gpt2Model model() {
        return model;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public Device device() {
        return device;
    }

    public Path directory() {
        return directory;
    }

    /** See {@link #fingerprint(Path)}; computed when the model was loaded. */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * Longest sequence callers may feed (soft prompt + prompt + generated tokens); at most the model's
     * {@code n_positions}. The tokenizer never truncates, so callers truncate to this explicitly.
     */
    public int maxSequenceLength() {
        return maxSequenceLength;
    }

    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            tokenizer.close();
            manager.close();
        }
    }

    /** False once closed; a closed model's arrays must not be used. */
    public boolean isOpen() {
        return open.get();
    }
}
