package io.dpsynth.nifi.services;

import io.dpsynth.ledger.BudgetCap;
import io.dpsynth.ledger.BudgetCaps;
import io.dpsynth.ledger.BudgetTotals;
import io.dpsynth.ledger.LedgerUnavailableException;
import io.dpsynth.ledger.PrivacyLedger;
import io.dpsynth.ledger.ReservationResult;
import io.dpsynth.ledger.SpendPricer;
import io.dpsynth.privacy.DpEvent;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnDisabled;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Tags({"dpsynth", "differential privacy", "privacy budget", "ledger", "epsilon", "governance"})
@CapabilityDescription("""
        Keeps named privacy budgets for dpsynth processors. Each budget has an epsilon cap and a delta cap \
        (a default cap for every budget, overridden per budget by dynamic properties). Spends are reserved \
        atomically before sensitive data is touched, using compare-and-set on cluster state so that no two \
        threads or cluster nodes can over-spend, and later replaced by the mechanism that actually ran. \
        Totals compose mechanism-described spends with RDP and/or PLD accounting and opaque spends by basic \
        composition. Nothing is ever refunded.""")
@Stateful(scopes = Scope.CLUSTER, description = """
        Per budget: the committed spends as distinct mechanisms with run counts plus opaque (epsilon, delta) \
        totals ('<budget>/committed'), the open reservations ('<budget>/open'), the number of reservations \
        ever granted ('<budget>/entries') and the totals at the last change ('<budget>/epsilon.spent', \
        '<budget>/delta.spent'). Clearing this state forgets what was spent: never do it for a budget whose \
        releases still exist.""")
@DynamicProperty(name = "Budget ID", value = "<epsilon cap>, <delta cap>",
        description = "Sets the cap of one budget, overriding the default cap, e.g. '8, 1e-5'.")
public class StandardPrivacyLedgerService extends AbstractControllerService implements PrivacyLedgerService {

    private static final Validator CAP_VALIDATOR = (subject, value, context) -> {
        try {
            if (!BudgetCaps.isValidBudgetId(subject)) {
                return invalid(subject, value, "the property name must be a budget id (letters, digits, '_', '.', ':', '-')");
            }
            BudgetCap.parse(value);
            return new ValidationResult.Builder().subject(subject).input(value).valid(true).build();
        } catch (IllegalArgumentException e) {
            return invalid(subject, value, e.getMessage());
        }
    };

    private static final Validator POSITIVE_NUMBER = (subject, value, context) -> {
        try {
            double parsed = Double.parseDouble(value.trim());
            if (parsed > 0 && !Double.isInfinite(parsed)) {
                return new ValidationResult.Builder().subject(subject).input(value).valid(true).build();
            }
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        return invalid(subject, value, "must be a finite number > 0");
    };

    public static final PropertyDescriptor DEFAULT_EPSILON_CAP = new PropertyDescriptor.Builder()
            .name("Default Epsilon Cap")
            .description("Epsilon cap of every budget without its own cap. Leave empty to refuse budgets that are not configured.")
            .required(false)
            .addValidator(POSITIVE_NUMBER)
            .build();

    public static final PropertyDescriptor DEFAULT_DELTA_CAP = new PropertyDescriptor.Builder()
            .name("Default Delta Cap")
            .description("Delta cap of every budget without its own cap; must be in (0, 1), well below 1 / (number of records).")
            .required(false)
            .addValidator(POSITIVE_NUMBER)
            .build();

    public static final PropertyDescriptor ACCOUNTING = new PropertyDescriptor.Builder()
            .name("Accounting")
            .description("How mechanism-described spends (for example DP-SGD runs) are composed. Opaque spends always use basic composition.")
            .required(true)
            .allowableValues(LedgerAccounting.class)
            .defaultValue(LedgerAccounting.TIGHTEST)
            .build();

    private static final List<PropertyDescriptor> PROPERTIES = List.of(DEFAULT_EPSILON_CAP, DEFAULT_DELTA_CAP, ACCOUNTING);

    private volatile PrivacyLedger ledger;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTIES;
    }

    @Override
    protected PropertyDescriptor getSupportedDynamicPropertyDescriptor(String propertyDescriptorName) {
        return new PropertyDescriptor.Builder()
                .name(propertyDescriptorName)
                .description("Cap of budget '" + propertyDescriptorName + "' as '<epsilon>, <delta>'")
                .dynamic(true)
                .addValidator(CAP_VALIDATOR)
                .build();
    }

    @Override
    protected Collection<ValidationResult> customValidate(ValidationContext context) {
        List<ValidationResult> results = new ArrayList<>();
        boolean epsilonSet = context.getProperty(DEFAULT_EPSILON_CAP).isSet();
        boolean deltaSet = context.getProperty(DEFAULT_DELTA_CAP).isSet();
        if (epsilonSet != deltaSet) {
            results.add(invalid("Default Cap", null, "set both Default Epsilon Cap and Default Delta Cap, or neither"));
        } else if (epsilonSet) {
            try {
                new BudgetCap(context.getProperty(DEFAULT_EPSILON_CAP).asDouble(), context.getProperty(DEFAULT_DELTA_CAP).asDouble());
            } catch (IllegalArgumentException e) {
                results.add(invalid("Default Cap", null, e.getMessage()));
            }
        }
        return results;
    }

    @OnEnabled
    public void onEnabled(ConfigurationContext context) {
        Optional<BudgetCap> defaultCap = context.getProperty(DEFAULT_EPSILON_CAP).isSet()
                ? Optional.of(new BudgetCap(context.getProperty(DEFAULT_EPSILON_CAP).asDouble(), context.getProperty(DEFAULT_DELTA_CAP).asDouble()))
                : Optional.empty();
        Map<String, BudgetCap> overrides = new HashMap<>();
        context.getProperties().forEach((descriptor, value) -> {
            if (descriptor.isDynamic() && value != null) {
                overrides.put(descriptor.getName(), BudgetCap.parse(value));
            }
        });
        LedgerAccounting accounting = context.getProperty(ACCOUNTING).asAllowableValue(LedgerAccounting.class);
        ledger = new PrivacyLedger(new StateManagerLedgerStore(getStateManager()),
                new BudgetCaps(defaultCap, overrides), new SpendPricer(accounting.accountants()));
    }

    @OnDisabled
    public void onDisabled() {
        ledger = null;
    }

    @Override
    public ReservationResult reserve(String budgetId, double epsilon, double delta) throws LedgerUnavailableException {
        return enabledLedger().reserve(budgetId, epsilon, delta);
    }

    @Override
    public BudgetTotals commit(String budgetId, String entryId, DpEvent actual) throws LedgerUnavailableException {
        return enabledLedger().commit(budgetId, entryId, actual);
    }

    @Override
    public BudgetTotals totals(String budgetId) throws LedgerUnavailableException {
        return enabledLedger().totals(budgetId);
    }

    private PrivacyLedger enabledLedger() throws LedgerUnavailableException {
        PrivacyLedger current = ledger;
        if (current == null) {
            throw new LedgerUnavailableException("the privacy ledger service is not enabled");
        }
        return current;
    }

    private static ValidationResult invalid(String subject, String input, String explanation) {
        return new ValidationResult.Builder().subject(subject).input(input).valid(false).explanation(explanation).build();
    }
}
