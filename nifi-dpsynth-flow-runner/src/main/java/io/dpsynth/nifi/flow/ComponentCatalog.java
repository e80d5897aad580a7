package io.dpsynth.nifi.flow;

import org.apache.nifi.components.ConfigurableComponent;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.processor.Processor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which component types the flow definitions may use: the dpsynth components registered in the bundle
 * (META-INF/services, as NiFi discovers them), and a short documented list of standard NiFi components
 * (templates/README.md lists the same names). Types are loaded by name.
 */
public final class ComponentCatalog {

    public static final String DPSYNTH_PACKAGE = "io.dpsynth.";

    /** The standard NiFi components the flows may use; anything else must be added here and to templates/README.md. */
    public static final Set<String> STANDARD_TYPES = Set.of(
            "org.apache.nifi.processors.standard.GenerateFlowFile",
            "org.apache.nifi.processors.standard.FetchFile",
            "org.apache.nifi.processors.standard.CompressContent",
            "org.apache.nifi.processors.standard.PartitionRecord",
            "org.apache.nifi.processors.standard.RouteOnAttribute",
            "org.apache.nifi.processors.standard.MergeRecord",
            "org.apache.nifi.processors.standard.PutFile",
            "org.apache.nifi.processors.standard.ExecuteStreamCommand",
            "org.apache.nifi.processors.attributes.UpdateAttribute",
            "org.apache.nifi.json.JsonTreeReader",
            "org.apache.nifi.json.JsonRecordSetWriter");

    private ComponentCatalog() {
    }

    public static boolean isDpsynth(String type) {
        return type != null && type.startsWith(DPSYNTH_PACKAGE);
    }

    /** dpsynth processors and controller services registered for NiFi's ServiceLoader discovery. */
    public static Set<String> registeredDpsynthTypes() {
        Set<String> types = new TreeSet<>();
        types.addAll(registered(Processor.class));
        types.addAll(registered(ControllerService.class));
        types.removeIf(type -> !isDpsynth(type));
        return Collections.unmodifiableSet(types);
    }

    private static Set<String> registered(Class<?> extensionPoint) {
        Set<String> types = new TreeSet<>();
        try {
            for (URL url : Collections.list(ComponentCatalog.class.getClassLoader()
                    .getResources("META-INF/services/" + extensionPoint.getName()))) {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    lines.lines().map(line -> line.replaceFirst("#.*", "").trim()).filter(line -> !line.isEmpty()).forEach(types::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return types;
    }

    /** A new instance of the component type, or an exception naming the type when it cannot be created. */
    public static ConfigurableComponent instantiate(String type) throws ReflectiveOperationException {
        Class<?> type1 = Class.forName(type, true, ComponentCatalog.class.getClassLoader());
        Object instance = type1.getDeclaredConstructor().newInstance();
        if (!(instance instanceof ConfigurableComponent component)) {
            throw new ClassCastException(type + " is not a NiFi component");
        }
        return component;
    }

    /** A new instance of the type as the kind of component the flow says it is, or an exception that names both. */
    public static <T> T instantiate(String type, Class<T> kind) throws ReflectiveOperationException {
        ConfigurableComponent component = instantiate(type);
        if (!kind.isInstance(component)) {
            throw new ClassCastException(type + " is not a " + kind.getSimpleName());
        }
        return kind.cast(component);
    }

    public static boolean classPresent(String type) {
        try {
            Class.forName(type, false, ComponentCatalog.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
