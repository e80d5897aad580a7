package io.dpsynth.nifi.flow;

import java.nio.file.Path;

/** The flow definitions under templates/ at the repository root (tests run in the module folder). */
final class FlowTemplates {

    static final Path RELEASE = Path.of("..", "templates", "dpsynth-release-flow.json");
    static final Path MODEL_PREP = Path.of("..", "templates", "dpsynth-model-prep-flow.json");

    private FlowTemplates() {
    }
}
