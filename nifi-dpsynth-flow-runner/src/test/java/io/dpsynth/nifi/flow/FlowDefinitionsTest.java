package io.dpsynth.nifi.flow;

import org.apache.nifi.flow.VersionedProcessor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlowDefinitionsTest {

    @Test
    void modelPreparationFlowIsValid() throws IOException {
        assertEquals(List.of(), FlowValidator.problems(FlowDefinition.read(FlowTemplates.MODEL_PREP)));
    }

    @Test
    void releaseFlowIsValid() throws IOException {
        assertEquals(List.of(), FlowValidator.problems(FlowDefinition.read(FlowTemplates.RELEASE)));
    }

    @Test
    void releaseFlowUsesEveryProcessorOfTheRelease() throws IOException {
        Set<String> types = Set.copyOf(FlowDefinition.read(FlowTemplates.RELEASE).processors().stream()
                .map(VersionedProcessor::getType).toList());
        for (String type : List.of("EnforceEpsilonBudget", "DpPromptTune", "GenerateSynthetic", "EvaluateUtility")) {
            assertTrue(types.contains("io.dpsynth.nifi.processors." + type), type);
        }
    }

    @Test
    void aMisspelledPropertyNameOfADpsynthProcessorFails() throws IOException {
        FlowDefinition flow = FlowDefinition.read(FlowTemplates.MODEL_PREP);
        Map<String, String> properties = processor(flow, "Remove overlap with sensitive data").getProperties();
        properties.put("Exact Match Windw", properties.remove("Exact Match Window"));

        List<String> problems = FlowValidator.problems(flow);

        assertEquals(List.of("processor 'Remove overlap with sensitive data': DedupAgainstSensitive has no property 'Exact Match Windw'"),
                problems);
    }

    @Test
    void aMisspelledPropertyNameOfAServiceFails() throws IOException {
        FlowDefinition flow = FlowDefinition.read(FlowTemplates.MODEL_PREP);
        flow.controllerServices().getFirst().getProperties().put("Pretty Print", "false");

        assertTrue(FlowValidator.problems(flow).stream().anyMatch(p -> p.contains("has no property 'Pretty Print'")),
                () -> FlowValidator.problems(flow).toString());
    }

    @Test
    void aConnectionNamingAnUnknownRelationshipFails() throws IOException {
        FlowDefinition flow = FlowDefinition.read(FlowTemplates.MODEL_PREP);
        String dedup = processor(flow, "Remove overlap with sensitive data").getIdentifier();
        flow.connections().stream().filter(c -> c.getSource().getId().equals(dedup))
                .filter(c -> c.getSelectedRelationships().contains("overlapping"))
                .forEach(c -> c.setSelectedRelationships(Set.of("overlaps")));

        List<String> problems = FlowValidator.problems(flow);

        assertTrue(problems.stream().anyMatch(p -> p.contains("names 'overlaps', which is not one of its relationships")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("relationship 'overlapping' is neither connected nor auto-terminated")),
                problems::toString);
    }

    @Test
    void anUnlistedStandardComponentAndAnUnregisteredDpsynthTypeFail() throws IOException {
        FlowDefinition flow = FlowDefinition.read(FlowTemplates.MODEL_PREP);
        processor(flow, "Start preparation").setType("org.apache.nifi.processors.standard.GetFile");
        processor(flow, "Remove overlap with sensitive data").setType("io.dpsynth.nifi.processors.DedupAgainstSensitiv");

        List<String> problems = FlowValidator.problems(flow);

        assertTrue(problems.contains("processor 'Start preparation': org.apache.nifi.processors.standard.GetFile is not in the "
                + "documented list of standard components"), problems::toString);
        assertTrue(problems.contains("processor 'Remove overlap with sensitive data': io.dpsynth.nifi.processors.DedupAgainstSensitiv "
                + "is not a component of the dpsynth bundle (META-INF/services)"), problems::toString);
    }

    @Test
    void aMissingParameterFails() throws IOException {
        FlowDefinition flow = FlowDefinition.read(FlowTemplates.MODEL_PREP);
        processor(flow, "Store corpus").getProperties().put("Directory", "#{work.folder}/corpus");

        assertTrue(FlowValidator.problems(flow).contains("'Store corpus' property 'Directory' refers to parameter 'work.folder', "
                + "which is not in the parameter context"));
    }

    @Test
    void keysThatNiFiNeedsOnImportAreChecked() throws IOException {
        FlowDefinition flow = FlowDefinition.read(FlowTemplates.MODEL_PREP);
        flow.controllerServices().getFirst().setBulletinLevel(null);
        flow.connections().getFirst().setzIndex(null);

        List<String> problems = FlowValidator.problems(flow);

        assertTrue(problems.stream().anyMatch(p -> p.endsWith("needs propertyDescriptors, bulletinLevel and bundle for import")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.endsWith("needs labelIndex and zIndex for import")), problems::toString);
    }

    @Test
    void everyDocumentedStandardTypeIsOnTheRunnersClassPath() {
        for (String type : ComponentCatalog.STANDARD_TYPES) {
            assertTrue(ComponentCatalog.classPresent(type), type);
        }
        assertFalse(ComponentCatalog.registeredDpsynthTypes().isEmpty());
    }

    static VersionedProcessor processor(FlowDefinition flow, String name) {
        return flow.processors().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
    }
}
