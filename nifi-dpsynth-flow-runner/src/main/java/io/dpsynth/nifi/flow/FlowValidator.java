package io.dpsynth.nifi.flow;

import org.apache.nifi.components.ConfigurableComponent;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.flow.ConnectableComponent;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedPort;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks a flow definition against the components that will run it: every type is a registered dpsynth
 * component or one of {@link ComponentCatalog#STANDARD_TYPES}; every property name set exists on its component
 * (or is a dynamic property the component supports); every connection from a processor names its relationships
 * and every relationship is connected or auto-terminated; service references point at a service of the flow
 * that implements the required API; every parameter referenced is in the parameter context.
 */
public final class FlowValidator {

    private final FlowDefinition flow;
    private final Set<String> registeredDpsynth = ComponentCatalog.registeredDpsynthTypes();
    private final List<String> problems = new ArrayList<>();

    private FlowValidator(FlowDefinition flow) {
        this.flow = flow;
    }

    /** What is wrong with the flow, one readable line each; empty when it is valid. */
    public static List<String> problems(FlowDefinition flow) {
        FlowValidator validator = new FlowValidator(flow);
        validator.run();
        return List.copyOf(validator.problems);
    }

    private void run() {
        if (flow.parameterContext().isEmpty()) {
            problems.add("the process group is not bound to a parameter context of the flow definition");
        }
        for (VersionedControllerService service : flow.controllerServices()) {
            ConfigurableComponent component = load("controller service", service.getName(), service.getType());
            if (component != null) {
                checkProperties("controller service '" + service.getName() + "'", component, service.getProperties());
            }
        }
        for (VersionedProcessor processor : flow.processors()) {
            ConfigurableComponent component = load("processor", processor.getName(), processor.getType());
            if (component instanceof Processor p) {
                String what = "processor '" + processor.getName() + "'";
                checkProperties(what, component, processor.getProperties());
                checkRelationships(what, processor, relationshipsOnceConfigured(p, processor.getProperties()));
            } else if (component != null) {
                problems.add("processor '" + processor.getName() + "': " + processor.getType() + " is not a processor");
            }
        }
        checkConnectionEndpoints();
        checkParameters();
        checkKeysNiFiNeedsOnImport();
    }

    /** Keys whose absence makes NiFi 2.8.0's import fail with an HTTP 500 instead of a message (shared/docs/nifi-2x-notes.md §5). */
    private void checkKeysNiFiNeedsOnImport() {
        flow.processors().stream().filter(p -> p.getPropertyDescriptors() == null || p.getBundle() == null || p.getPosition() == null)
                .forEach(p -> problems.add("processor '" + p.getName() + "': needs propertyDescriptors, bundle and position for import"));
        flow.controllerServices().stream().filter(c -> c.getPropertyDescriptors() == null || c.getBulletinLevel() == null || c.getBundle() == null)
                .forEach(c -> problems.add("controller service '" + c.getName() + "': needs propertyDescriptors, bulletinLevel and bundle for import"));
        flow.connections().stream().filter(c -> c.getLabelIndex() == null || c.getzIndex() == null)
                .forEach(c -> problems.add("connection " + c.getIdentifier() + ": needs labelIndex and zIndex for import"));
    }

    private ConfigurableComponent load(String kind, String name, String type) {
        boolean dpsynth = ComponentCatalog.isDpsynth(type);
        if (dpsynth && !registeredDpsynth.contains(type)) {
            problems.add(kind + " '" + name + "': " + type + " is not a component of the dpsynth bundle (META-INF/services)");
            return null;
        }
        if (!dpsynth && !ComponentCatalog.STANDARD_TYPES.contains(type)) {
            problems.add(kind + " '" + name + "': " + type + " is not in the documented list of standard components");
            return null;
        }
        try {
            return ComponentCatalog.instantiate(type);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            problems.add(kind + " '" + name + "': " + type + " cannot be created (" + e + ")");
            return null;
        }
    }

    private void checkProperties(String what, ConfigurableComponent component, Map<String, String> properties) {
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String name = property.getKey();
            if (!PropertyNames.accepts(component, name)) {
                problems.add(what + ": " + component.getClass().getSimpleName() + " has no property '" + name + "'");
                continue;
            }
            PropertyNames.supported(component, name)
                    .filter(descriptor -> descriptor.getControllerServiceDefinition() != null && property.getValue() != null)
                    .ifPresent(descriptor -> checkServiceReference(what, descriptor, property.getValue()));
        }
    }

    private void checkServiceReference(String what, PropertyDescriptor descriptor, String serviceId) {
        VersionedControllerService service = flow.controllerService(serviceId).orElse(null);
        if (service == null) {
            problems.add(what + ": '" + descriptor.getName() + "' refers to controller service " + serviceId + ", which is not in the flow");
            return;
        }
        try {
            Class<?> type = Class.forName(service.getType(), false, getClass().getClassLoader());
            if (!descriptor.getControllerServiceDefinition().isAssignableFrom(type)) {
                problems.add(what + ": '" + descriptor.getName() + "' needs a " + descriptor.getControllerServiceDefinition().getSimpleName()
                        + ", but '" + service.getName() + "' is a " + type.getSimpleName());
            }
        } catch (ClassNotFoundException e) {
            // reported where the service itself is loaded
        }
    }

    /** Relationships after the properties are set: some processors (RouteOnAttribute) derive them from properties. */
    private static Set<String> relationshipsOnceConfigured(Processor processor, Map<String, String> properties) {
        TestRunner runner = TestRunners.newTestRunner(processor);
        properties.forEach((name, value) -> {
            if (value != null) {
                runner.setProperty(name, value);
            }
        });
        return processor.getRelationships().stream().map(Relationship::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    private void checkRelationships(String what, VersionedProcessor processor, Set<String> relationships) {
        Set<String> handled = new HashSet<>(processor.getAutoTerminatedRelationships() == null ? Set.of() : processor.getAutoTerminatedRelationships());
        for (String autoTerminated : handled) {
            if (!relationships.contains(autoTerminated)) {
                problems.add(what + ": auto-terminates '" + autoTerminated + "', which is not one of its relationships " + relationships);
            }
        }
        for (VersionedConnection connection : flow.connections()) {
            if (!connection.getSource().getId().equals(processor.getIdentifier())) {
                continue;
            }
            for (String selected : connection.getSelectedRelationships()) {
                if (!relationships.contains(selected)) {
                    problems.add(what + ": connection " + connection.getIdentifier() + " names '" + selected
                            + "', which is not one of its relationships " + relationships);
                }
                handled.add(selected);
            }
        }
        for (String relationship : relationships) {
            if (!handled.contains(relationship)) {
                problems.add(what + ": relationship '" + relationship + "' is neither connected nor auto-terminated");
            }
        }
    }

    private void checkConnectionEndpoints() {
        Set<String> endpoints = new HashSet<>();
        flow.processors().forEach(p -> endpoints.add(p.getIdentifier()));
        Stream.of(flow.group().getOutputPorts(), flow.group().getInputPorts())
                .filter(ports -> ports != null)
                .flatMap(Set::stream).map(VersionedPort::getIdentifier).forEach(endpoints::add);
        if (flow.group().getFunnels() != null) {
            flow.group().getFunnels().forEach(f -> endpoints.add(f.getIdentifier()));
        }
        for (VersionedConnection connection : flow.connections()) {
            for (ConnectableComponent end : List.of(connection.getSource(), connection.getDestination())) {
                if (!endpoints.contains(end.getId())) {
                    problems.add("connection " + connection.getIdentifier() + ": " + end.getType() + " " + end.getId() + " is not in the flow");
                }
            }
        }
    }

    private void checkParameters() {
        Map<String, String> parameters = flow.parameters();
        Stream.concat(flow.processors().stream().map(p -> Map.entry(p.getName(), p.getProperties())),
                        flow.controllerServices().stream().map(s -> Map.entry(s.getName(), s.getProperties())))
                .forEach(component -> component.getValue().forEach((property, value) -> {
                    for (String name : ParameterReferences.names(value)) {
                        if (!parameters.containsKey(name)) {
                            problems.add("'" + component.getKey() + "' property '" + property + "' refers to parameter '" + name
                                    + "', which is not in the parameter context");
                        }
                    }
                }));
    }
}
