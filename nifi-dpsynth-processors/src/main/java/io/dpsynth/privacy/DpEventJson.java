package io.dpsynth.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON form of events, as stored in ledger state and shown in provenance details. */
public final class DpEventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DpEventJson() {
    }

    public static String toJson(DpEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise event", e);
        }
    }

    public static DpEvent fromJson(String json) {
        try {
            return MAPPER.readValue(json, DpEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid privacy event: " + e.getOriginalMessage(), e);
        }
    }
}
