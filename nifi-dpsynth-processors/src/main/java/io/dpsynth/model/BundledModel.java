package io.dpsynth.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The model shipped inside the processors jar (resources under {@code dpsynth/models/dpsynth-gpt2-small/}). DJL and
 * the tokenizer read files, so it is extracted once into {@code <root>/dpsynth-gpt2-small-<content hash>/}: a new
 * build with other weights gets a new folder and never reuses an old extraction.
 */
public final class BundledModel {

    public static final String NAME = "dpsynth-gpt2-small";
    public static final String RESOURCE_DIRECTORY = "dpsynth/models/" + NAME + "/";
    /** Extracted when present; {@code training.json} documents how the model was made. */
    private static final List<String> OPTIONAL_FILES = List.of("training.json");

    private static final BundledModel IN_THIS_JAR = new BundledModel(BundledModel.class.getClassLoader(), RESOURCE_DIRECTORY);

    private final ClassLoader classLoader;
    private final String resourceDirectory;
    /** Extractions already made by this JVM, by root folder. */
    private final Map<Path, Path> extracted = new LinkedHashMap<>();

    BundledModel(ClassLoader classLoader, String resourceDirectory) {
        this.classLoader = classLoader;
        this.resourceDirectory = resourceDirectory;
    }

    public static BundledModel inThisJar() {
        return IN_THIS_JAR;
    }

    /** A model packaged the same way elsewhere, e.g. a tiny one in a test class path. */
    public static BundledModel at(ClassLoader classLoader, String resourceDirectory) {
        return new BundledModel(classLoader, resourceDirectory);
    }

    /** {@code java.io.tmpdir/dpsynth-models}. */
    public static Path defaultRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"), "dpsynth-models");
    }

    /** The required files that are not in this build (empty when the model is bundled). */
    public List<String> missingFiles() {
        return LanguageModel.REQUIRED_FILES.stream()
                .filter(name -> classLoader.getResource(resourceDirectory + name) == null).toList();
    }

    /**
     * The extracted model directory under {@code root}, extracting it on first use.
     *
     * @throws ModelFormatException when the build does not contain the model
     */
    public synchronized Path directory(Path root) throws IOException {
        Path done = extracted.get(root);
        if (done != null && Files.isDirectory(done)) {
            return done;
        }
        List<String> missing = missingFiles();
        if (!missing.isEmpty()) {
            throw new ModelFormatException("the bundled model " + NAME + " is not in this build (resource " + resourceDirectory
                    + missing.get(0) + " missing); set Model Directory to a Hugging Face GPT-2 directory");
        }
        List<String> files = Stream.concat(LanguageModel.REQUIRED_FILES.stream(),
                OPTIONAL_FILES.stream().filter(name -> classLoader.getResource(resourceDirectory + name) != null)).toList();
        Map<String, Long> sizes = new LinkedHashMap<>();
        String hash = contentHash(files, sizes);
        Path target = root.resolve(NAME + "-" + hash.substring(0, 16));
        if (!isComplete(target, sizes)) {
            extract(files, root, target);
            if (!isComplete(target, sizes)) {
                throw new IOException(target + ": extraction of the bundled model is incomplete");
            }
        }
        extracted.put(root, target);
        return target;
    }

    private String contentHash(List<String> files, Map<String, Long> sizes) throws IOException {
        MessageDigest digest = sha256();
        for (String name : files) {
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            try (InputStream in = new DigestInputStream(open(name), digest)) {
                sizes.put(name, in.transferTo(OutputStream.nullOutputStream()));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static boolean isComplete(Path target, Map<String, Long> sizes) {
        try {
            for (Map.Entry<String, Long> file : sizes.entrySet()) {
                Path path = target.resolve(file.getKey());
                if (!Files.isRegularFile(path) || Files.size(path) != file.getValue()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Copies into a fresh temporary folder, then renames it, so no reader ever sees a half-written model. */
    private void extract(List<String> files, Path root, Path target) throws IOException {
        Files.createDirectories(root);
        Path temporary = Files.createTempDirectory(root, NAME + "-partial-");
        try {
            for (String name : files) {
                try (InputStream in = open(name)) {
                    Files.copy(in, temporary.resolve(name));
                }
            }
            if (Files.exists(target)) {
                deleteRecursively(target); // an incomplete earlier extraction (e.g. a tmp cleaner removed files)
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target);
            }
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            // Another process extracted the same content at the same time: use theirs.
        } finally {
            if (Files.exists(temporary)) {
                deleteRecursively(temporary);
            }
        }
    }

    private InputStream open(String name) throws IOException {
        InputStream in = classLoader.getResourceAsStream(resourceDirectory + name);
        if (in == null) {
            throw new ModelFormatException("resource " + resourceDirectory + name + " disappeared from the class path");
        }
        return in;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return NAME + " (" + resourceDirectory + ")";
    }
}
