package io.dpsynth.nifi.services;

import io.dpsynth.model.BundledModel;
import io.dpsynth.model.LanguageModel;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What enabling the model service costs for a real model directory: verification, bundled-model extraction (first
 * and reused), enable (first in the JVM, then again) and disable. Run with {@code -Ddpsynth.bench=true
 * -Ddpsynth.bench.model=DIRECTORY}; see docs/benchmarks.md.
 */
@EnabledIfSystemProperty(named = "dpsynth.bench", matches = "true")
class LanguageModelServiceBenchmark {

    @TempDir
    Path temp;

    @Test
    void enableCosts() throws Exception {
        Path model = Path.of(System.getProperty("dpsynth.bench.model", "../models/" + BundledModel.NAME));
        Path classPath = temp.resolve("class-path");
        Path resources = Files.createDirectories(classPath.resolve(BundledModel.RESOURCE_DIRECTORY));
        for (String name : LanguageModel.REQUIRED_FILES) {
            Files.copy(model.resolve(name), resources.resolve(name));
        }
        BundledModel bundled = BundledModel.at(new URLClassLoader(new URL[] {classPath.toUri().toURL()}, null),
                BundledModel.RESOURCE_DIRECTORY);
        long start = System.nanoTime();
        bundled.directory(temp.resolve("extracted"));
        report("bundled model: first extraction", start);
        start = System.nanoTime();
        BundledModel.at(new URLClassLoader(new URL[] {classPath.toUri().toURL()}, null), BundledModel.RESOURCE_DIRECTORY)
                .directory(temp.resolve("extracted"));
        report("bundled model: reuse (hash only)", start);

        TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        DjlLanguageModelService service = new DjlLanguageModelService(bundled, temp.resolve("extracted"));
        runner.addControllerService("model", service);
        runner.setProperty(service, DjlLanguageModelService.MODEL_DIRECTORY, model.toString());
        start = System.nanoTime();
        runner.verify(service, Map.of());
        report("verify (5 steps)", start);
        for (String round : new String[] {"first", "second"}) {
            start = System.nanoTime();
            runner.enableControllerService(service);
            report("enable (" + round + ")", start);
            start = System.nanoTime();
            LanguageModel.fingerprint(model);
            report("  of which fingerprint", start);
            start = System.nanoTime();
            runner.disableControllerService(service);
            report("disable", start);
        }
    }

    private static void report(String what, long startNanos) {
        System.out.printf("%-40s %8.1f ms%n", what, (System.nanoTime() - startNanos) / 1e6);
    }
}
