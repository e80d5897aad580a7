package io.dpsynth.nifi.flow.readers;

import io.dpsynth.nifi.processors.DedupAgainstSensitive;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The processors that read the sensitive records from a file (DedupAgainstSensitive, EvaluateUtility,
 * GenerateSynthetic, through one class) work with NiFi's real JsonTreeReader left at its default, schema
 * inference, which reads ahead and rewinds the stream.
 */
class InferringReaderOnSensitiveFilesTest {

    private static final Path SENSITIVE = Path.of("..", "data", "demo", "sensitive.jsonl.gz").toAbsolutePath().normalize();

    @Test
    void dedupIndexesTheGzippedSensitiveFileThroughAnInferringJsonTreeReader() throws InitializationException {
        TestRunner runner = TestRunners.newTestRunner(DedupAgainstSensitive.class);
        JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("inferring-json", reader);
        runner.enableControllerService(reader);
        runner.setProperty(DedupAgainstSensitive.SENSITIVE_LOCATION, SENSITIVE.toString());
        runner.setProperty(DedupAgainstSensitive.SENSITIVE_READER, "inferring-json");

        runner.enqueue("A public document about whaling and the State of the Union, shared with no mail.");
        runner.run();

        runner.assertTransferCount(DedupAgainstSensitive.REL_FAILURE, 0);
        assertEquals(1, runner.getFlowFilesForRelationship(DedupAgainstSensitive.REL_CLEAN).size());
    }
}
