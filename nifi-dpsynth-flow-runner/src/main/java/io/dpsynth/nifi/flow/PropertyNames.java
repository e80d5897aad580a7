package io.dpsynth.nifi.flow;

import org.apache.nifi.annotation.behavior.DynamicProperties;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.components.ConfigurableComponent;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.Validator;

import java.util.Optional;

/** Whether a component accepts a property name: one of its descriptors, or a dynamic property it supports. */
final class PropertyNames {

    private PropertyNames() {
    }

    static Optional<PropertyDescriptor> supported(ConfigurableComponent component, String name) {
        return component.getPropertyDescriptors().stream().filter(d -> d.getName().equals(name)).findFirst();
    }

    static boolean accepts(ConfigurableComponent component, String name) {
        if (supported(component, name).isPresent()) {
            return true;
        }
        if (!supportsDynamicProperties(component.getClass())) {
            return false;
        }
        // AbstractConfigurableComponent answers an unsupported name with a descriptor that is always invalid
        PropertyDescriptor dynamic = component.getPropertyDescriptor(name);
        return dynamic.isDynamic() && !dynamic.getValidators().contains(Validator.INVALID);
    }

    private static boolean supportsDynamicProperties(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.isAnnotationPresent(DynamicProperty.class) || c.isAnnotationPresent(DynamicProperties.class)) {
                return true;
            }
        }
        return false;
    }
}
