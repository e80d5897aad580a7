package io.dpsynth.nifi.flow.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dpsynth.nifi.flow.ComponentCatalog;
import io.dpsynth.nifi.flow.FlowDefinition;
import io.dpsynth.nifi.flow.ParameterReferences;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The flow's controller services, each created, configured and enabled once in a host TestRunner, as NiFi does
 * per node. Processors get a forwarding view of the enabled service, so that a ledger or model is shared by every
 * processor that refers to it. Cluster state of the services (the privacy ledger) is loaded from and saved to a
 * JSON file, so that budgets persist between runs.
 */
final class SharedServices implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final TestRunner host = TestRunners.newTestRunner(NoOpProcessor.class);
    private final Map<String, ControllerService> services = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> properties = new LinkedHashMap<>();
    private final Map<String, VersionedControllerService> definitions = new LinkedHashMap<>();

    SharedServices(FlowDefinition flow, Map<String, String> parameters, Path stateFile) throws IOException {
        Map<String, Map<String, String>> savedState = readState(stateFile);
        for (VersionedControllerService definition : flow.controllerServices()) {
            ControllerService service = create(definition);
            Map<String, String> resolved = ParameterReferences.resolveAll(definition.getProperties(), parameters);
            try {
                host.addControllerService(definition.getIdentifier(), service, resolved);
            } catch (InitializationException e) {
                throw new FlowRunException("controller service '" + definition.getName() + "' could not be added: " + e.getMessage(), e);
            }
            Map<String, String> state = savedState.get(definition.getIdentifier());
            if (state != null && keepsClusterState(service)) {
                host.getStateManager(service).setState(state, Scope.CLUSTER);
            }
            services.put(definition.getIdentifier(), service);
            properties.put(definition.getIdentifier(), resolved);
            definitions.put(definition.getIdentifier(), definition);
        }
    }

    private static ControllerService create(VersionedControllerService definition) {
        try {
            return ComponentCatalog.instantiate(definition.getType(), ControllerService.class);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new FlowRunException("controller service '" + definition.getName() + "': " + definition.getType()
                    + " cannot be created (" + e + ")", e);
        }
    }

    /** Enables every service (in flow order); a service that NiFi would show as invalid is reported with its reasons. */
    void enableAll(RunListener listener) {
        for (Map.Entry<String, ControllerService> entry : services.entrySet()) {
            String name = definitions.get(entry.getKey()).getName();
            List<String> invalid = host.validate(entry.getValue()).stream().filter(r -> !r.isValid())
                    .map(ValidationResult::toString).toList();
            if (!invalid.isEmpty()) {
                throw new FlowRunException("controller service '" + name + "' is invalid: " + String.join("; ", invalid));
            }
            long start = System.nanoTime();
            try {
                host.enableControllerService(entry.getValue());
            } catch (AssertionError | RuntimeException e) {
                throw new FlowRunException("controller service '" + name + "' could not be enabled: " + rootMessage(e), e);
            }
            listener.serviceEnabled(name, (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** Adds the enabled services a processor refers to into the processor's runner, as forwarding views. */
    void addTo(TestRunner runner, Set<String> serviceIds) {
        for (String id : serviceIds) {
            ControllerService service = services.get(id);
            if (service == null) {
                continue; // the validator reports references to services that are not in the flow
            }
            try {
                runner.addControllerService(id, forwardingView(service), properties.get(id));
            } catch (InitializationException e) {
                throw new FlowRunException("controller service " + id + " could not be shared: " + e.getMessage(), e);
            }
            runner.enableControllerService(runner.getControllerService(id));
        }
    }

    boolean isService(String identifier) {
        return services.containsKey(identifier);
    }

    <T> List<T> servicesOf(Class<T> type) {
        return services.values().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Writes the cluster state of every service that has some (the ledger) to the state file. */
    void saveState(Path stateFile) throws IOException {
        Map<String, Object> saved = new LinkedHashMap<>();
        for (Map.Entry<String, ControllerService> entry : services.entrySet()) {
            if (!keepsClusterState(entry.getValue())) {
                continue;
            }
            Map<String, String> state = host.getStateManager(entry.getValue()).getState(Scope.CLUSTER).toMap();
            if (!state.isEmpty()) {
                VersionedControllerService definition = definitions.get(entry.getKey());
                Map<String, Object> record = new LinkedHashMap<>();
                record.put("service", definition.getName());
                record.put("type", definition.getType());
                record.put("state", new java.util.TreeMap<>(state));
                saved.put(entry.getKey(), record);
            }
        }
        Files.createDirectories(stateFile.toAbsolutePath().getParent());
        Path temporary = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        MAPPER.writeValue(temporary.toFile(), saved);
        Files.move(temporary, stateFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean keepsClusterState(ControllerService service) {
        Stateful stateful = service.getClass().getAnnotation(Stateful.class);
        return stateful != null && java.util.Arrays.asList(stateful.scopes()).contains(Scope.CLUSTER);
    }

    private static Map<String, Map<String, String>> readState(Path stateFile) throws IOException {
        Map<String, Map<String, String>> state = new LinkedHashMap<>();
        if (stateFile == null || !Files.exists(stateFile)) {
            return state;
        }
        Map<String, Map<String, Object>> saved;
        try {
            saved = MAPPER.readValue(stateFile.toFile(), new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new FlowRunException("the ledger file " + stateFile + " cannot be read (" + e.getClass().getSimpleName()
                    + "); it is needed to know what was spent: restore it, or use another output folder");
        }
        saved.forEach((id, record) -> {
            Map<String, String> values = new LinkedHashMap<>();
            if (record.get("state") instanceof Map<?, ?> map) {
                map.forEach((k, v) -> values.put(String.valueOf(k), String.valueOf(v)));
            }
            state.put(id, values);
        });
        return state;
    }

    @Override
    public void close() {
        List<ControllerService> reversed = new ArrayList<>(services.values());
        java.util.Collections.reverse(reversed);
        for (ControllerService service : reversed) {
            if (host.isControllerServiceEnabled(service)) {
                host.disableControllerService(service);
            }
        }
    }

    /** A proxy with every API interface of the service: calls go to the one enabled instance; lifecycle calls stop here. */
    private static ControllerService forwardingView(ControllerService service) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> c = service.getClass(); c != null; c = c.getSuperclass()) {
            collectInterfaces(c, interfaces);
        }
        return (ControllerService) Proxy.newProxyInstance(service.getClass().getClassLoader(), interfaces.toArray(Class<?>[]::new),
                (proxy, method, args) -> switch (method.getName()) {
                    case "initialize", "onPropertyModified" -> null; // initialised and configured on the host
                    case "validate" -> List.of();                    // validated when it was enabled on the host
                    default -> invoke(method, service, args);
                });
    }

    private static void collectInterfaces(Class<?> type, Set<Class<?>> interfaces) {
        for (Class<?> i : type.getInterfaces()) {
            if (interfaces.add(i)) {
                collectInterfaces(i, interfaces);
            }
        }
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
