package io.dpsynth.nifi;

/** FlowFile attribute names written by dpsynth components; one place so every processor agrees. */
public final class DpsynthAttributes {

    public static final String BUDGET_ID = "dpsynth.budget.id";
    public static final String EPSILON_REQUESTED = "dpsynth.epsilon.requested";
    public static final String DELTA_REQUESTED = "dpsynth.delta.requested";
    public static final String EPSILON_GRANTED = "dpsynth.epsilon.granted";
    public static final String DELTA_GRANTED = "dpsynth.delta.granted";
    public static final String EPSILON_SPENT = "dpsynth.epsilon.spent";
    public static final String DELTA_SPENT = "dpsynth.delta.spent";
    public static final String EPSILON_REMAINING = "dpsynth.epsilon.remaining";
    public static final String EPSILON_CAP = "dpsynth.epsilon.cap";
    public static final String DELTA_CAP = "dpsynth.delta.cap";
    public static final String LEDGER_ENTRY_ID = "dpsynth.ledger.entry.id";
    public static final String ERROR = "dpsynth.error";

    /** Downstream accuracy: classifier trained on synthetic records, tested on real held-out records. */
    public static final String UTILITY_ACCURACY = "dpsynth.utility.accuracy";
    public static final String UTILITY_MACRO_F1 = "dpsynth.utility.macro.f1";
    /** The same classifier trained on the real training records: what the synthetic data is measured against. */
    public static final String UTILITY_REFERENCE_ACCURACY = "dpsynth.utility.reference.accuracy";
    public static final String UTILITY_REFERENCE_MACRO_F1 = "dpsynth.utility.reference.macro.f1";
    public static final String UTILITY_MAUVE = "dpsynth.utility.mauve";
    public static final String UTILITY_MAUVE_EMBEDDING = "dpsynth.utility.mauve.embedding";
    public static final String UTILITY_UNIGRAM_JSD = "dpsynth.utility.unigram.jsd";
    public static final String UTILITY_BIGRAM_JSD = "dpsynth.utility.bigram.jsd";
    public static final String UTILITY_LENGTH_JSD = "dpsynth.utility.length.jsd";
    /** Perplexity of the real held-out records under the base model (only with a language model). */
    public static final String UTILITY_PERPLEXITY_BASE = "dpsynth.utility.perplexity.base";
    /** Perplexity of the real held-out records under the tuned model (only with an adapter). */
    public static final String UTILITY_PERPLEXITY_TUNED = "dpsynth.utility.perplexity.tuned";
    /** The downstream classifier, e.g. tfidf-logistic-regression or word-cnn. */
    public static final String UTILITY_CLASSIFIER = "dpsynth.utility.classifier";
    public static final String UTILITY_SYNTHETIC_RECORDS = "dpsynth.utility.synthetic.records";
    /** Comma-separated names of the thresholds missed (accuracy, macro-f1, mauve); empty when all passed. */
    public static final String UTILITY_BELOW_THRESHOLD = "dpsynth.utility.below.threshold";

    /** The DP-SGD mechanism of a tuned adapter (DpPromptTune). */
    public static final String DPSGD_TUNING = "dpsynth.dpsgd.tuning";
    public static final String DPSGD_NOISE_MULTIPLIER = "dpsynth.dpsgd.noise.multiplier";
    public static final String DPSGD_SAMPLING_RATE = "dpsynth.dpsgd.sampling.rate";
    public static final String DPSGD_STEPS = "dpsynth.dpsgd.steps";
    public static final String DPSGD_CLIP_NORM = "dpsynth.dpsgd.clip.norm";
    public static final String DPSGD_ACCOUNTANT = "dpsynth.dpsgd.accountant";
    public static final String DPSGD_NOISE_MODE = "dpsynth.dpsgd.noise.mode";
    public static final String DPSGD_DATASET_SIZE = "dpsynth.dpsgd.dataset.size";
    public static final String DPSGD_TRUNCATED_RECORDS = "dpsynth.dpsgd.truncated.records";
    /** The accountant's epsilon for the steps run, at the delta of the grant. */
    public static final String DPSGD_EPSILON = "dpsynth.dpsgd.epsilon";
    public static final String DPSGD_DELTA = "dpsynth.dpsgd.delta";
    public static final String BASE_MODEL_FINGERPRINT = "dpsynth.model.fingerprint";

    /** Synthetic records (GenerateSynthetic): records per label in this FlowFile, as JSON {"label": count}. */
    public static final String SYNTHETIC_LABEL_COUNTS = "dpsynth.synthetic.label.counts";
    /** Records kept in the whole run (all fragments), and per label as JSON. */
    public static final String SYNTHETIC_RUN_RECORDS = "dpsynth.synthetic.run.records";
    public static final String SYNTHETIC_RUN_LABEL_COUNTS = "dpsynth.synthetic.run.label.counts";
    /** Records the run was asked for (kept + dropped). */
    public static final String SYNTHETIC_REQUESTED = "dpsynth.synthetic.requested";
    /** Malformed generations dropped in the whole run (empty, whitespace only, or only the prefix). */
    public static final String SYNTHETIC_DROPPED = "dpsynth.synthetic.dropped";
    /** UNIFORM, GIVEN or DP_HISTOGRAM. */
    public static final String SYNTHETIC_LABEL_DISTRIBUTION = "dpsynth.synthetic.label.distribution";
    /** The proportions the records were drawn for, as JSON {"label": proportion} (noisy ones for DP_HISTOGRAM). */
    public static final String SYNTHETIC_LABEL_PROPORTIONS = "dpsynth.synthetic.label.proportions";
    /** What generating charged: "charged nothing", or the DP label histogram's mechanism, epsilon and delta. */
    public static final String SYNTHETIC_CHARGE = "dpsynth.synthetic.charge";
    /** The DP label histogram's spend (DP_HISTOGRAM only). */
    public static final String SYNTHETIC_HISTOGRAM_MECHANISM = "dpsynth.synthetic.histogram.mechanism";
    public static final String SYNTHETIC_HISTOGRAM_EPSILON = "dpsynth.synthetic.histogram.epsilon";
    public static final String SYNTHETIC_HISTOGRAM_DELTA = "dpsynth.synthetic.histogram.delta";
    public static final String SYNTHETIC_HISTOGRAM_NOISE_SCALE = "dpsynth.synthetic.histogram.noise.scale";
    public static final String SYNTHETIC_HISTOGRAM_NOISE_MODE = "dpsynth.synthetic.histogram.noise.mode";
    public static final String SYNTHETIC_HISTOGRAM_BUDGET_ID = "dpsynth.synthetic.histogram.budget.id";
    public static final String SYNTHETIC_HISTOGRAM_ENTRY_ID = "dpsynth.synthetic.histogram.ledger.entry.id";

    /** Decoding settings of GenerateSynthetic. */
    public static final String GENERATION_TEMPERATURE = "dpsynth.generation.temperature";
    public static final String GENERATION_TOP_K = "dpsynth.generation.top.k";
    public static final String GENERATION_TOP_P = "dpsynth.generation.top.p";
    /** The limit that applied: Max New Tokens, lowered when the model's positions leave less room. */
    public static final String GENERATION_MAX_NEW_TOKENS = "dpsynth.generation.max.new.tokens";
    /** The run's seed (drawn and recorded when the Seed property is empty), so the run can be repeated. */
    public static final String GENERATION_SEED = "dpsynth.generation.seed";
    public static final String GENERATION_BATCH_SIZE = "dpsynth.generation.batch.size";
    /** Tokens generated in the whole run, dropped generations included. */
    public static final String GENERATION_TOKENS = "dpsynth.generation.tokens";

    private DpsynthAttributes() {
    }
}
