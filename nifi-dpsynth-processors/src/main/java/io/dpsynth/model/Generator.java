package io.dpsynth.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Batched generation. Prompts of different lengths are <b>left-padded</b>: padding keys are masked and each
 * row's positions count only its own tokens, so a row generates the same tokens as it would alone. Optional
 * prefix embeddings (soft prompts, {@code [batch, p, d]}) come before the padding and the prompt. A row stops
 * at end-of-text (not included in its output); the batch stops when every row has stopped or after
 * {@code maxNewTokens}. Padding and the inputs of stopped rows use token 0 (every vocabulary has it; those
 * positions are masked or ignored).
 */
public final class Generator {

    private static final long PAD = 0;
    private static final int PARALLEL_SAMPLING_ROWS = 8;

    private final Gpt2Model model;
    private final int vocabulary;
    private final long endOfText;

    public Generator(Gpt2Model model) {
        this.model = model;
        this.vocabulary = model.config().vocabularySize();
        this.endOfText = model.config().eosTokenId();
    }

    /** Generated tokens per prompt (without the prompt and without end-of-text). */
    public List<long[]> generate(List<long[]> prompts, NDArray prefix, GenerationSettings settings) {
        return generate(GenerationConditioning.prefix(prefix), prompts, settings);
    }

    /**
     * Generated tokens per prompt (without the prompt and without end-of-text), every forward pass conditioned by
     * {@code conditioning} (a tuner, or {@link GenerationConditioning#none()} for the base model).
     */
    public List<long[]> generate(GenerationConditioning conditioning, List<long[]> prompts, GenerationSettings settings) {
        Batch batch = new Batch(prompts, conditioning.virtualTokens(), settings.maxNewTokens());
        Sampler sampler = new Sampler(settings);
        SplittableRandom seeds = new SplittableRandom(settings.seed());
        SplittableRandom[] randoms = new SplittableRandom[batch.rows];
        for (int b = 0; b < batch.rows; b++) {
            randoms[b] = seeds.split();
        }
        NDManager parent = model.weights().manager();
        try (KvCache cache = settings.useCache() ? new KvCache(parent, model.config().layers(), batch.capacity()) : null) {
            for (int step = 0; step < settings.maxNewTokens() && !batch.allStopped(); step++) {
                float[] logits;
                try (NDManager scope = parent.newSubManager()) {
                    boolean fullSequence = cache == null || step == 0;
                    ForwardInput input = conditioning.forGeneration(fullSequence
                            ? batch.fullInput(scope).withCache(cache)
                            : batch.lastTokenInput(scope).withCache(cache), batch.rows, fullSequence);
                    NDArray hidden = model.hiddenStates(input);
                    logits = model.logits(input, hidden.get(new NDIndex(":, -1, :"))).toFloatArray();
                }
                long[] next = new long[batch.rows];
                // rows sample in parallel while the model waits: each row has its own random stream, so the
                // tokens do not depend on the threads (see the GenerateSynthetic section of docs/benchmarks.md)
                IntStream rows = IntStream.range(0, batch.rows);
                (batch.rows >= PARALLEL_SAMPLING_ROWS ? rows.parallel() : rows)
                        .forEach(b -> next[b] = sampler.sample(logits, b * vocabulary, vocabulary, randoms[b]));
                batch.append(next);
            }
        }
        return batch.outputs();
    }

    /** Token, mask and position bookkeeping of a left-padded batch, kept in Java arrays. */
    private final class Batch {
        final int rows;
        final int prefixLength;
        final int promptWidth;
        final long[][] tokens;          // [rows][promptWidth + generated]: padding, prompt, generated
        final boolean[][] keyMask;      // [rows][prefix + promptWidth + generated]
        final long[][] positions;       // same width as keyMask
        final List<List<Long>> generated = new ArrayList<>();
        final boolean[] stopped;
        final long[] nextPosition;
        /** Some row is left-padded; otherwise every key is valid and positions are consecutive, so the pass needs neither. */
        final boolean padded;
        int length;                     // columns of tokens used so far

        Batch(List<long[]> prompts, int prefixLength, int maxNewTokens) {
            rows = prompts.size();
            this.prefixLength = prefixLength;
            promptWidth = prompts.stream().mapToInt(p -> p.length).max().orElse(0);
            int total = prefixLength + promptWidth + maxNewTokens;
            if (rows == 0) {
                throw new IllegalArgumentException("no prompts");
            }
            if (total > model.config().maxPositions()) {
                throw new IllegalArgumentException("prefix " + prefixLength + " + longest prompt " + promptWidth
                        + " + max new tokens " + maxNewTokens + " exceed the model's " + model.config().maxPositions() + " positions");
            }
            tokens = new long[rows][promptWidth + maxNewTokens];
            keyMask = new boolean[rows][total];
            positions = new long[rows][total];
            stopped = new boolean[rows];
            nextPosition = new long[rows];
            for (int b = 0; b < rows; b++) {
                long[] prompt = prompts.get(b);
                if (prompt.length + prefixLength == 0) {
                    throw new IllegalArgumentException("prompt " + b + " is empty and there is no prefix: start it with the beginning-of-text token");
                }
                int padding = promptWidth - prompt.length;
                Arrays.fill(tokens[b], 0, padding, PAD);
                System.arraycopy(prompt, 0, tokens[b], padding, prompt.length);
                long position = 0;
                for (int j = 0; j < prefixLength + promptWidth; j++) {
                    boolean real = j < prefixLength || j >= prefixLength + padding;
                    keyMask[b][j] = real;
                    positions[b][j] = real ? position++ : 0;
                }
                nextPosition[b] = position;
                generated.add(new ArrayList<>());
            }
            length = promptWidth;
            padded = prompts.stream().anyMatch(p -> p.length < promptWidth);
        }

        ForwardInput fullInput(NDManager scope) {
            int width = prefixLength + length;
            ForwardInput input = ForwardInput.of(NativeArrays.of(scope, columns(tokens, 0, length)));
            return padded ? input.withKeyMask(columns(keyMask, width)).withPositions(columns(positions, 0, width)) : input;
        }

        ForwardInput lastTokenInput(NDManager scope) {
            int width = prefixLength + length;
            ForwardInput input = ForwardInput.of(NativeArrays.of(scope, columns(tokens, length - 1, length)));
            return padded ? input.withKeyMask(columns(keyMask, width)).withPositions(columns(positions, width - 1, width)) : input;
        }

        void append(long[] next) {
            int column = prefixLength + length;
            for (int b = 0; b < rows; b++) {
                tokens[b][length] = stopped[b] ? PAD : next[b];
                keyMask[b][column] = true;
                positions[b][column] = nextPosition[b]++;
                if (!stopped[b]) {
                    if (next[b] == endOfText) {
                        stopped[b] = true;
                    } else {
                        generated.get(b).add(next[b]);
                    }
                }
            }
            length++;
        }

        /** Positions a full generation needs: prefix, padded prompt and every new token. */
        int capacity() {
            return keyMask[0].length;
        }

        boolean allStopped() {
            for (boolean s : stopped) {
                if (!s) {
                    return false;
                }
            }
            return true;
        }

        List<long[]> outputs() {
            return generated.stream().map(row -> row.stream().mapToLong(Long::longValue).toArray()).toList();
        }

        private long[][] columns(long[][] source, int from, int to) {
            long[][] out = new long[rows][];
            for (int b = 0; b < rows; b++) {
                out[b] = Arrays.copyOfRange(source[b], from, to);
            }
            return out;
        }

        private boolean[][] columns(boolean[][] source, int to) {
            boolean[][] out = new boolean[rows][];
            for (int b = 0; b < rows; b++) {
                out[b] = Arrays.copyOf(source[b], to);
            }
            return out;
        }
    }
}
