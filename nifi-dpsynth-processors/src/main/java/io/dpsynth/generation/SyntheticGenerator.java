package io.dpsynth.generation;

import io.dpsynth.dpsgd.PrefixLmEncoder;
import io.dpsynth.model.GenerationConditioning;
import io.dpsynth.model.GenerationSettings;
import io.dpsynth.model.Generator;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.tokenizer.TextTokenizer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Label-conditioned synthetic records from a base model and its tuning: each prompt is the training prefix of a
 * label (the adapter's template, tokenized alone, exactly as {@link PrefixLmEncoder} fed it in training), and the
 * record is the text generated after it until end-of-text or Max New Tokens. Records are made in batches with the
 * key/value cache and handed to a sink batch by batch, so memory does not grow with the count.
 *
 * <p>The labels of a run are shuffled with the seed so every batch and output file holds a mix; each batch draws its
 * tokens from its own seed split off the run's, so the same seed, plan and settings (batch size included) give the
 * same records. Malformed generations are dropped, counted and not regenerated: regenerating would make a run's
 * length depend on the model's failures and could loop on a prefix the model cannot continue.
 */
public final class SyntheticGenerator {

    /** Receives each batch's kept records, in order. */
    @FunctionalInterface
    public interface RecordSink {
        void accept(List<SyntheticRecord> batch) throws IOException;
    }

    private final Generator generator;
    private final TextTokenizer tokenizer;
    private final GenerationConditioning conditioning;
    private final PrefixLmEncoder prefixes;
    private final int maxSequenceLength;

    /**
     * @param conditioning      the tuner (or {@link GenerationConditioning#none()} for the base model)
     * @param prefixTemplate    the adapter's Prefix-LM template
     * @param maxSequenceLength longest sequence the model may take (soft prompt + prefix + generated tokens)
     */
    public SyntheticGenerator(Gpt2Model model, TextTokenizer tokenizer, GenerationConditioning conditioning,
                              String prefixTemplate, int maxSequenceLength) {
        this.generator = new Generator(model);
        this.tokenizer = tokenizer;
        this.conditioning = conditioning;
        this.prefixes = new PrefixLmEncoder(tokenizer, prefixTemplate, 2);
        this.maxSequenceLength = maxSequenceLength;
    }

    /**
     * Generates {@code counts} records per label, handing each batch to {@code sink}.
     *
     * @param settings  decoding; its seed seeds the label order and every batch
     * @param cancelled checked between batches; the run stops early (with what was made so far) when it says true
     * @throws IOException from the sink
     */
    public GenerationSummary generate(Map<String, Integer> counts, GenerationSettings settings, int batchSize,
                                      RecordSink sink, BooleanSupplier cancelled) throws IOException {
        Run run = start(counts, settings, batchSize);
        while (run.hasNext() && !cancelled.getAsBoolean()) {
            sink.accept(run.nextBatch());
        }
        return run.summary();
    }

    /**
     * A run of {@code counts} records per label that the caller pulls batch by batch (e.g. to fill several output
     * files one after the other).
     *
     * @throws IllegalArgumentException when the batch size is below 1 or the prefixes leave no room to generate
     */
    public Run start(Map<String, Integer> counts, GenerationSettings settings, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        return new Run(counts, settings, batchSize);
    }

    /** One run's schedule and counters; not thread-safe. */
    public final class Run {
        private final List<String> labels;
        private final Map<String, long[]> prompts = new LinkedHashMap<>();
        private final Map<String, String> prefixTexts = new LinkedHashMap<>();
        private final GenerationSettings settings;
        private final int batchSize;
        private final int maxNewTokens;
        private final int[] schedule;
        private final SplittableRandom batchSeeds;
        private final Map<String, Integer> kept = new LinkedHashMap<>();
        private int next;
        private int dropped;
        private long tokens;

        private Run(Map<String, Integer> counts, GenerationSettings settings, int batchSize) {
            this.labels = new ArrayList<>(counts.keySet());
            this.settings = settings;
            this.batchSize = batchSize;
            int longestPrompt = 0;
            for (String label : labels) {
                prefixTexts.put(label, prefixes.prefix(label).strip());
                long[] prompt = tokenizer.encode(prefixes.prefix(label));
                prompts.put(label, prompt);
                longestPrompt = Math.max(longestPrompt, prompt.length);
                kept.put(label, 0);
            }
            maxNewTokens = Math.min(settings.maxNewTokens(), maxSequenceLength - conditioning.virtualTokens() - longestPrompt);
            if (maxNewTokens < 1) {
                throw new IllegalArgumentException("no room to generate: " + conditioning.virtualTokens() + " virtual tokens and a "
                        + longestPrompt + "-token prefix fill the model's " + maxSequenceLength + " positions");
            }
            schedule = schedule(labels, counts, settings.seed());
            batchSeeds = new SplittableRandom(settings.seed());
        }

        public boolean hasNext() {
            return next < schedule.length;
        }

        /** Generates the next batch and returns its well-formed records (possibly none). */
        public List<SyntheticRecord> nextBatch() {
            int start = next;
            int end = Math.min(schedule.length, start + batchSize);
            List<long[]> batchPrompts = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                batchPrompts.add(prompts.get(labels.get(schedule[i])));
            }
            GenerationSettings batchSettings = new GenerationSettings(maxNewTokens, settings.temperature(), settings.topK(),
                    settings.topP(), batchSeeds.nextLong(), settings.useCache());
            List<long[]> generated = generator.generate(conditioning, batchPrompts, batchSettings);
            List<SyntheticRecord> records = new ArrayList<>(generated.size());
            for (int row = 0; row < generated.size(); row++) {
                String label = labels.get(schedule[start + row]);
                long[] ids = generated.get(row);
                tokens += ids.length;
                String text = tokenizer.decode(ids);
                if (malformed(text, prefixTexts.get(label))) {
                    dropped++;
                    continue;
                }
                kept.merge(label, 1, Integer::sum);
                records.add(new SyntheticRecord(start + row, label, text, ids.length, ids.length < maxNewTokens));
            }
            next = end;
            return records;
        }

        /** The counts so far (all of them once {@link #hasNext()} is false). */
        public GenerationSummary summary() {
            int keptTotal = kept.values().stream().mapToInt(Integer::intValue).sum();
            return new GenerationSummary(keptTotal, dropped, Collections.unmodifiableMap(new LinkedHashMap<>(kept)), tokens, maxNewTokens);
        }

        /** Records the plan asks for in all. */
        public int planned() {
            return schedule.length;
        }
    }

    /** Empty, whitespace only, or nothing but the prefix once more. */
    static boolean malformed(String text, String strippedPrefix) {
        String stripped = text.strip();
        return stripped.isEmpty() || (!strippedPrefix.isEmpty() && stripped.equals(strippedPrefix));
    }

    /** Label indices, {@code counts} of each, in a seeded random order (Fisher–Yates). */
    private static int[] schedule(List<String> labels, Map<String, Integer> counts, long seed) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        int[] order = new int[total];
        int next = 0;
        for (int l = 0; l < labels.size(); l++) {
            for (int k = 0; k < counts.get(labels.get(l)); k++) {
                order[next++] = l;
            }
        }
        SplittableRandom random = new SplittableRandom(~seed);
        for (int i = total - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
