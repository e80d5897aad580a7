package io.dpsynth.nifi.flow.run;

import io.dpsynth.nifi.flow.ComponentCatalog;
import io.dpsynth.nifi.flow.ParameterReferences;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One processor of the flow, configured from its definition and driven through a nifi-mock TestRunner. */
final class ProcessorNode {

    private final VersionedProcessor definition;
    private final Processor processor;
    private final TestRunner runner;
    private boolean scheduled;

    ProcessorNode(VersionedProcessor definition, Map<String, String> parameters, SharedServices services, boolean hasIncomingConnection) {
        this.definition = definition;
        this.processor = create(definition);
        this.runner = TestRunners.newTestRunner(processor);
        runner.setIncomingConnection(hasIncomingConnection);
        Map<String, String> resolved = ParameterReferences.resolveAll(definition.getProperties(), parameters);
        Set<String> serviceIds = new LinkedHashSet<>(resolved.values());
        serviceIds.removeIf(value -> !services.isService(value));
        services.addTo(runner, serviceIds);
        resolved.forEach(runner::setProperty);
        List<String> invalid = runner.validate().stream().filter(r -> !r.isValid()).map(ValidationResult::toString).toList();
        if (!invalid.isEmpty()) {
            throw new FlowRunException("processor '" + name() + "' is invalid: " + String.join("; ", invalid));
        }
    }

    private static Processor create(VersionedProcessor definition) {
        try {
            return ComponentCatalog.instantiate(definition.getType(), Processor.class);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new FlowRunException("processor '" + definition.getName() + "': " + definition.getType()
                    + " cannot be created (" + e + ")", e);
        }
    }

    String name() {
        return definition.getName();
    }

    String identifier() {
        return definition.getIdentifier();
    }

    String type() {
        return definition.getType();
    }

    int queued() {
        return runner.getQueueSize().getObjectCount();
    }

    void enqueue(byte[] content, Map<String, String> attributes) {
        runner.enqueue(content, attributes);
    }

    /** Runs onTrigger once; the processor stays scheduled (as in NiFi) until {@link #stop()}. */
    Map<Relationship, List<MockFlowFile>> trigger() {
        try {
            runner.run(1, false, !scheduled);
        } catch (AssertionError e) {
            throw new FlowRunException("processor '" + name() + "' failed: " + SharedServices.rootMessage(e), e);
        }
        scheduled = true;
        Map<Relationship, List<MockFlowFile>> out = new LinkedHashMap<>();
        for (Relationship relationship : processor.getRelationships()) {
            List<MockFlowFile> flowFiles = runner.getFlowFilesForRelationship(relationship);
            if (!flowFiles.isEmpty()) {
                out.put(relationship, new ArrayList<>(flowFiles));
            }
        }
        runner.clearTransferState();
        return out;
    }

    List<ProvenanceEventRecord> takeProvenanceEvents() {
        List<ProvenanceEventRecord> events = new ArrayList<>(runner.getProvenanceEvents());
        runner.clearProvenanceEvents();
        return events;
    }

    boolean autoTerminates(String relationship) {
        return definition.getAutoTerminatedRelationships() != null && definition.getAutoTerminatedRelationships().contains(relationship);
    }

    void stop() {
        if (scheduled) {
            runner.unSchedule();
            runner.stop();
            scheduled = false;
        }
    }

    PropertyDescriptor descriptor(String name) {
        return processor.getPropertyDescriptor(name);
    }
}
