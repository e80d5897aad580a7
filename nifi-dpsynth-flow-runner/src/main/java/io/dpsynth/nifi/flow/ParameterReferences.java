package io.dpsynth.nifi.flow;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** NiFi parameter references ({@code #{name}}; {@code ##{} escapes) in property values. */
public final class ParameterReferences {

    private static final Pattern REFERENCE = Pattern.compile("(#+)\\{([^}]*)}");

    private ParameterReferences() {
    }

    /** The names a value refers to. */
    public static Set<String> names(String value) {
        Set<String> names = new TreeSet<>();
        if (value != null) {
            Matcher matcher = REFERENCE.matcher(value);
            while (matcher.find()) {
                if (matcher.group(1).length() % 2 == 1) {
                    names.add(matcher.group(2));
                }
            }
        }
        return names;
    }

    /**
     * The value with every reference replaced; null when the value is only a reference to a parameter without a
     * value (NiFi then treats the property as not set).
     */
    public static String resolve(String value, Map<String, String> parameters) {
        if (value == null) {
            return null;
        }
        Matcher matcher = REFERENCE.matcher(value);
        if (matcher.matches() && matcher.group(1).length() == 1 && parameters.get(matcher.group(2)) == null) {
            return null;
        }
        StringBuilder resolved = new StringBuilder();
        matcher.reset();
        while (matcher.find()) {
            int hashes = matcher.group(1).length();
            String replacement = "#".repeat(hashes / 2) + (hashes % 2 == 1
                    ? parameterValue(parameters, matcher.group(2))
                    : "{" + matcher.group(2) + "}");
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    /** Property values with parameters resolved; properties that resolve to nothing are left out (not set). */
    public static Map<String, String> resolveAll(Map<String, String> properties, Map<String, String> parameters) {
        Map<String, String> resolved = new java.util.LinkedHashMap<>();
        properties.forEach((name, value) -> {
            String v = resolve(value, parameters);
            if (v != null && !v.isEmpty()) {
                resolved.put(name, v);
            }
        });
        return resolved;
    }

    private static String parameterValue(Map<String, String> parameters, String name) {
        if (!parameters.containsKey(name)) {
            throw new IllegalArgumentException("parameter '" + name + "' is not in the parameter context");
        }
        String value = parameters.get(name);
        return value == null ? "" : value;
    }
}
