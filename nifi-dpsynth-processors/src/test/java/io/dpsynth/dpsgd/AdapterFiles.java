package io.dpsynth.dpsgd;

import io.dpsynth.model.Gpt2Config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Adapter files on disk as DpPromptTune writes them, for tests that read adapters back. */
public final class AdapterFiles {

    private AdapterFiles() {
    }

    /** Writes {@code tuner} as an adapter zip whose metadata names {@code fingerprint} and {@code template}. */
    public static Path zip(Path file, Tuner tuner, Gpt2Config base, String fingerprint, String template) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            PeftAdapterArchive.write(out, tuner, base, metadata(fingerprint, template));
        }
        return file;
    }

    /** The files of an adapter zip, unzipped into {@code folder}. */
    public static Path unzipped(Path zip, Path folder) throws IOException {
        Files.createDirectories(folder);
        Map<String, byte[]> files = PeftAdapterArchive.unzip(new ByteArrayInputStream(Files.readAllBytes(zip)));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Files.write(folder.resolve(file.getKey()), file.getValue());
        }
        return folder;
    }

    private static AdapterMetadata metadata(String fingerprint, String template) {
        DpSgdCalibration mechanism = new DpSgdCalibration(100, 0.01, 1.5, 100, 4, 1e-5, DpSgdAccountant.PLD);
        return new AdapterMetadata(fingerprint, template, List.of("a", "b"), 100, 0, 64, mechanism, 100, 3.99, 1, 1, 0.01,
                NoiseMode.SECURE);
    }
}
