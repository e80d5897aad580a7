package io.dpsynth.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpsynth.privacy.FlattenedEvent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes one budget's aggregate in the ledger's flat string state. Keys are
 * {@code <budget id>/<field>} so NiFi's "View State" dialog lists each budget's fields together:
 * <ul>
 *   <li>{@code committed}: JSON of the committed mechanisms (with run counts) and opaque totals;</li>
 *   <li>{@code open}: JSON array of the open reservations;</li>
 *   <li>{@code entries}: how many reservations were ever granted;</li>
 *   <li>{@code epsilon.spent}, {@code delta.spent}: the totals at the last write (display only).</li>
 * </ul>
 */
final class LedgerStateCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<Reservation>> RESERVATIONS = new TypeReference<>() {
    };

    private LedgerStateCodec() {
    }

    static BudgetSpend read(Map<String, String> state, String budgetId) {
        String committed = state.get(key(budgetId, "committed"));
        if (committed == null) {
            return BudgetSpend.NONE;
        }
        try {
            return new BudgetSpend(
                    MAPPER.readValue(committed, FlattenedEvent.class),
                    MAPPER.readValue(state.getOrDefault(key(budgetId, "open"), "[]"), RESERVATIONS),
                    Long.parseLong(state.getOrDefault(key(budgetId, "entries"), "0")));
        } catch (JsonProcessingException | NumberFormatException e) {
            throw new CorruptLedgerStateException("the state of budget " + budgetId + " cannot be parsed", e);
        }
    }

    static Map<String, String> write(Map<String, String> state, String budgetId, BudgetSpend spend, BudgetTotals totals) {
        Map<String, String> updated = new HashMap<>(state);
        try {
            updated.put(key(budgetId, "committed"), MAPPER.writeValueAsString(spend.committed()));
            updated.put(key(budgetId, "open"), MAPPER.writeValueAsString(spend.open()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise ledger state", e);
        }
        updated.put(key(budgetId, "entries"), Long.toString(spend.entries()));
        updated.put(key(budgetId, "epsilon.spent"), Double.toString(totals.epsilonSpent()));
        updated.put(key(budgetId, "delta.spent"), Double.toString(totals.deltaSpent()));
        return updated;
    }

    private static String key(String budgetId, String field) {
        return budgetId + "/" + field;
    }
}
