package io.dpsynth.nifi.processors;

import org.apache.nifi.components.DescribedValue;

/** How DedupAgainstSensitive reads the public documents it checks. */
enum PublicInputFormat implements DescribedValue {
    DOCUMENT("One Document per FlowFile", "The whole FlowFile content is one public document."),
    RECORDS("Records", "Each record is one public document; its text is in the configured field.");

    private final String displayName;
    private final String description;

    PublicInputFormat(String displayName, String description) {
        this.displayName = displayName;
        this.description = description;
    }

    @Override
    public String getValue() {
        return displayName;
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    @Override
    public String getDescription() {
        return description;
    }
}
