package io.dpsynth.privacy.reference;

import java.util.Map;

/** One row of a reference CSV, addressed by header name. */
public record ReferenceRow(Map<String, String> fields) {

    public String text(String column) {
        String value = fields.get(column);
        if (value == null) {
            throw new IllegalArgumentException("no column " + column + " in " + fields.keySet());
        }
        return value;
    }

    public double number(String column) {
        return Double.parseDouble(text(column));
    }

    public long count(String column) {
        return Long.parseLong(text(column));
    }

    public boolean isBlank(String column) {
        return text(column).isBlank();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
