package io.dpsynth.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Engine packages must stay usable without NiFi: only io.dpsynth.nifi may import org.apache.nifi. */
class EnginePackagesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/dpsynth");
    private static final Path NIFI_ADAPTERS = SOURCES.resolve("nifi");

    @Test
    void engineSourcesDoNotImportNifi() throws IOException {
        List<Path> engineSources;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            engineSources = files.filter(p -> p.toString().endsWith(".java")).filter(p -> !p.startsWith(NIFI_ADAPTERS)).toList();
        }
        assertFalse(engineSources.isEmpty(), "no engine sources found under " + SOURCES.toAbsolutePath());
        List<String> offenders = engineSources.stream().filter(EnginePackagesTest::importsNifi).map(Path::toString).toList();
        assertEquals(List.of(), offenders, "engine classes importing org.apache.nifi");
    }

    private static boolean importsNifi(Path source) {
        try {
            return Files.readAllLines(source).stream().anyMatch(line -> line.trim().startsWith("import org.apache.nifi")
                    || line.trim().startsWith("import static org.apache.nifi"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
