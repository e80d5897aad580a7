package io.dpsynth.nifi.processors;

import io.dpsynth.ledger.BudgetTotals;
import io.dpsynth.ledger.LedgerUnavailableException;
import io.dpsynth.ledger.ReservationResult;
import io.dpsynth.nifi.DpsynthAttributes;
import io.dpsynth.nifi.services.PrivacyLedgerService;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.util.StandardValidators;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@Tags({"dpsynth", "differential privacy", "privacy budget", "epsilon", "delta", "ledger", "governance"})
@CapabilityDescription("""
        Reserves a privacy spend (epsilon, delta) against a named budget of a Privacy Ledger before any \
        sensitive data is processed. The reservation is atomic across threads and cluster nodes and is \
        granted only if the budget's composed total stays within its cap. Granted FlowFiles carry the grant \
        (dpsynth.epsilon.granted, dpsynth.delta.granted, dpsynth.ledger.entry.id) that DP processors \
        downstream spend and commit; refused FlowFiles go to 'exceeded' with a warning bulletin.""")
@WritesAttributes({
    @WritesAttribute(attribute = DpsynthAttributes.BUDGET_ID, description = "The budget charged"),
    @WritesAttribute(attribute = DpsynthAttributes.EPSILON_REQUESTED, description = "Epsilon requested"),
    @WritesAttribute(attribute = DpsynthAttributes.DELTA_REQUESTED, description = "Delta requested"),
    @WritesAttribute(attribute = DpsynthAttributes.EPSILON_GRANTED, description = "Epsilon granted (on 'granted' only)"),
    @WritesAttribute(attribute = DpsynthAttributes.DELTA_GRANTED, description = "Delta granted (on 'granted' only)"),
    @WritesAttribute(attribute = DpsynthAttributes.LEDGER_ENTRY_ID, description = "Ledger entry of the reservation (on 'granted' only)"),
    @WritesAttribute(attribute = DpsynthAttributes.EPSILON_SPENT, description = "Budget's composed epsilon after this request"),
    @WritesAttribute(attribute = DpsynthAttributes.DELTA_SPENT, description = "Delta at which the composed epsilon holds"),
    @WritesAttribute(attribute = DpsynthAttributes.EPSILON_REMAINING, description = "Epsilon left under the cap"),
    @WritesAttribute(attribute = DpsynthAttributes.EPSILON_CAP, description = "The budget's epsilon cap"),
    @WritesAttribute(attribute = DpsynthAttributes.DELTA_CAP, description = "The budget's delta cap"),
    @WritesAttribute(attribute = DpsynthAttributes.ERROR, description = "Why the FlowFile went to 'failure' or 'exceeded'")
})
@UseCase(
        description = "Release synthetic data on a schedule without ever exceeding a privacy budget.",
        keywords = {"privacy budget", "epsilon", "release gate"},
        configuration = """
                Add a Standard Privacy Ledger Service with a Default Epsilon Cap and Default Delta Cap (or one \
                dynamic property per budget, e.g. 'support-tickets' = '8, 1e-5') and enable it.
                Set 'Budget ID' to the budget of the dataset, e.g. ${dataset.name} or a parameter #{budget.id}.
                Set 'Requested Epsilon' and 'Requested Delta' to the spend of one release, e.g. 1 and 1e-6.
                Connect 'granted' to the DP training step, 'exceeded' to a notification or an output port, \
                and 'failure' to an error handler.""")
public class EnforceEpsilonBudget extends AbstractProcessor {

    public static final PropertyDescriptor LEDGER = new PropertyDescriptor.Builder()
            .name("Privacy Ledger")
            .description("The ledger service that holds the budgets.")
            .required(true)
            .identifiesControllerService(PrivacyLedgerService.class)
            .build();

    public static final PropertyDescriptor BUDGET_ID = new PropertyDescriptor.Builder()
            .name("Budget ID")
            .description("Name of the budget to charge: letters, digits, '_', '.', ':' and '-'.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor REQUESTED_EPSILON = new PropertyDescriptor.Builder()
            .name("Requested Epsilon")
            .description("Epsilon to reserve for this FlowFile's release; a finite number > 0.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor REQUESTED_DELTA = new PropertyDescriptor.Builder()
            .name("Requested Delta")
            .description("Delta to reserve; in (0, 1) and well below 1 / (number of sensitive records).")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final Relationship REL_GRANTED = new Relationship.Builder()
            .name("granted")
            .description("The spend was reserved; the FlowFile carries the grant.")
            .build();

    public static final Relationship REL_EXCEEDED = new Relationship.Builder()
            .name("exceeded")
            .description("The spend would exceed the budget's cap; nothing was charged.")
            .build();

    public static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("The request was invalid or the ledger was unavailable; nothing was charged.")
            .build();

    private static final List<PropertyDescriptor> PROPERTIES = List.of(LEDGER, BUDGET_ID, REQUESTED_EPSILON, REQUESTED_DELTA);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_GRANTED, REL_EXCEEDED, REL_FAILURE);

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTIES;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @Override
    public void onTrigger(ProcessContext context, ProcessSession session) {
        FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        PrivacyLedgerService ledger = context.getProperty(LEDGER).asControllerService(PrivacyLedgerService.class);
        String budgetId = context.getProperty(BUDGET_ID).evaluateAttributeExpressions(flowFile).getValue();
        try {
            double epsilon = parseRequest("Requested Epsilon", context.getProperty(REQUESTED_EPSILON).evaluateAttributeExpressions(flowFile).getValue());
            double delta = parseRequest("Requested Delta", context.getProperty(REQUESTED_DELTA).evaluateAttributeExpressions(flowFile).getValue());
            Map<String, String> attributes = new HashMap<>();
            attributes.put(DpsynthAttributes.BUDGET_ID, budgetId);
            attributes.put(DpsynthAttributes.EPSILON_REQUESTED, Double.toString(epsilon));
            attributes.put(DpsynthAttributes.DELTA_REQUESTED, Double.toString(delta));
            ReservationResult result = ledger.reserve(budgetId, epsilon, delta);
            putTotals(attributes, result.totals());
            switch (result) {
                case ReservationResult.Granted granted -> {
                    attributes.put(DpsynthAttributes.EPSILON_GRANTED, Double.toString(epsilon));
                    attributes.put(DpsynthAttributes.DELTA_GRANTED, Double.toString(delta));
                    attributes.put(DpsynthAttributes.LEDGER_ENTRY_ID, granted.entryId());
                    flowFile = session.putAllAttributes(flowFile, attributes);
                    session.getProvenanceReporter().modifyAttributes(flowFile, String.format(
                            "privacy spend reserved: budget=%s entry=%s mechanism=epsilon_delta epsilon=%s delta=%s budgetEpsilonSpent=%s budgetEpsilonRemaining=%s",
                            budgetId, granted.entryId(), epsilon, delta, granted.totals().epsilonSpent(), granted.totals().epsilonRemaining()));
                    session.transfer(flowFile, REL_GRANTED);
                }
                case ReservationResult.Refused refused -> {
                    attributes.put(DpsynthAttributes.ERROR, refused.reason());
                    flowFile = session.putAllAttributes(flowFile, attributes);
                    getLogger().warn("Privacy budget {} refused {}: {}", budgetId, flowFile, refused.reason());
                    session.getProvenanceReporter().route(flowFile, REL_EXCEEDED, String.format(
                            "privacy spend refused: budget=%s epsilon=%s delta=%s budgetEpsilonSpent=%s budgetEpsilonCap=%s",
                            budgetId, epsilon, delta, refused.totals().epsilonSpent(), refused.totals().cap().epsilon()));
                    session.transfer(flowFile, REL_EXCEEDED);
                }
            }
        } catch (IllegalArgumentException e) {
            fail(session, flowFile, e.getMessage());
        } catch (LedgerUnavailableException e) {
            getLogger().error("Privacy ledger unavailable for {}", flowFile, e);
            fail(session, flowFile, "privacy ledger unavailable: " + e.getMessage());
        }
    }

    private static double parseRequest(String property, String value) {
        try {
            double parsed = Double.parseDouble(value == null ? "" : value.trim());
            if (Double.isNaN(parsed) || Double.isInfinite(parsed)) {
                throw new IllegalArgumentException(property + " must be a finite number, got '" + value + "'");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " must be a number, got '" + value + "'");
        }
    }

    private static void putTotals(Map<String, String> attributes, BudgetTotals totals) {
        attributes.put(DpsynthAttributes.EPSILON_SPENT, Double.toString(totals.epsilonSpent()));
        attributes.put(DpsynthAttributes.DELTA_SPENT, Double.toString(totals.deltaSpent()));
        attributes.put(DpsynthAttributes.EPSILON_REMAINING, Double.toString(totals.epsilonRemaining()));
        attributes.put(DpsynthAttributes.EPSILON_CAP, Double.toString(totals.cap().epsilon()));
        attributes.put(DpsynthAttributes.DELTA_CAP, Double.toString(totals.cap().delta()));
    }

    private void fail(ProcessSession session, FlowFile flowFile, String error) {
        getLogger().error("Privacy spend not reserved for {}: {}", flowFile, error);
        session.transfer(session.putAttribute(flowFile, DpsynthAttributes.ERROR, error), REL_FAILURE);
    }
}
