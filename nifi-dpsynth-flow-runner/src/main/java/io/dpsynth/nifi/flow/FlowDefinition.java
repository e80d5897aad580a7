package io.dpsynth.nifi.flow;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedParameterContext;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A NiFi 2.x flow definition (what "Upload flow definition" imports), read into NiFi's own
 * {@code Versioned*} classes. Only the top-level process group is used: the dpsynth flows have no nested groups.
 */
public final class FlowDefinition {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final RegisteredFlowSnapshot snapshot;

    private FlowDefinition(RegisteredFlowSnapshot snapshot) {
        if (snapshot == null || snapshot.getFlowContents() == null) {
            throw new IllegalArgumentException("not a flow definition: no flowContents");
        }
        this.snapshot = snapshot;
    }

    public static FlowDefinition read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static FlowDefinition parse(String json) throws IOException {
        return new FlowDefinition(MAPPER.readValue(json, RegisteredFlowSnapshot.class));
    }

    public RegisteredFlowSnapshot snapshot() {
        return snapshot;
    }

    public VersionedProcessGroup group() {
        return snapshot.getFlowContents();
    }

    /** Processors sorted by name, so that every walk over the flow is repeatable. */
    public List<VersionedProcessor> processors() {
        return sortedByName(group().getProcessors(), VersionedProcessor::getName);
    }

    public List<VersionedControllerService> controllerServices() {
        return sortedByName(group().getControllerServices(), VersionedControllerService::getName);
    }

    public List<VersionedConnection> connections() {
        return sortedByName(group().getConnections(), VersionedConnection::getIdentifier);
    }

    public Optional<VersionedControllerService> controllerService(String identifier) {
        return controllerServices().stream().filter(s -> s.getIdentifier().equals(identifier)).findFirst();
    }

    /** The parameter context the group is bound to, by name. */
    public Optional<VersionedParameterContext> parameterContext() {
        String name = group().getParameterContextName();
        Map<String, VersionedParameterContext> contexts = snapshot.getParameterContexts();
        return name == null || contexts == null ? Optional.empty() : Optional.ofNullable(contexts.get(name));
    }

    /** Parameter name to value (null when the parameter has no value), in name order. */
    public Map<String, String> parameters() {
        Map<String, String> values = new LinkedHashMap<>();
        parameterContext().ifPresent(context -> context.getParameters().stream()
                .sorted(Comparator.comparing(VersionedParameter::getName))
                .forEach(p -> values.put(p.getName(), p.getValue())));
        return values;
    }

    private static <T> List<T> sortedByName(Set<T> components, java.util.function.Function<T, String> name) {
        return components == null ? List.of()
                : components.stream().sorted(Comparator.comparing(name, Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
    }
}
