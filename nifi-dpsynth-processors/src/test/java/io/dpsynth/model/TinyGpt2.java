package io.dpsynth.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Test fixture: a tiny GPT-2 with random weights written as a Hugging Face directory by hand (own JSON and
 * safetensors bytes), plus a naive scalar forward pass in double precision as the independent reference.
 */
final class TinyGpt2 {

    static final Gpt2Config CONFIG = new Gpt2Config(64, 32, 32, 2, 4, 1e-5, 63, 63);

    private TinyGpt2() {
    }

    /** Random values large enough that logits are far from uniform (greedy choices are not near ties). */
    static Map<String, float[]> randomTensors(Gpt2Config config, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, float[]> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> entry : Gpt2Weights.expectedShapes(config).entrySet()) {
            long count = 1;
            for (long dim : entry.getValue()) {
                count *= dim;
            }
            float[] values = new float[(int) count];
            boolean gain = entry.getKey().matches(".*ln_[12f]\\.weight");
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((gain ? 1 : 0) + random.nextGaussian() * (gain ? 0.1 : 0.25));
            }
            tensors.put(entry.getKey(), values);
        }
        return tensors;
    }

    /** Rounds every value to what {@code dtype} can hold, so the reference sees exactly the stored numbers. */
    static void roundTo(String dtype, Map<String, float[]> tensors) {
        for (float[] values : tensors.values()) {
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (dtype) {
                    case "F16" -> Float.float16ToFloat(Float.floatToFloat16(values[i]));
                    case "BF16" -> Float.intBitsToFloat(Float.floatToIntBits(values[i]) & 0xffff0000);
                    default -> values[i];
                };
            }
        }
    }

    /** Writes config.json and model.safetensors in {@code dtype} (F32, F16 or BF16) with a name prefix. */
    static void write(Path directory, Gpt2Config config, Map<String, float[]> tensors, String dtype, String prefix)
            throws IOException {
        config.write(directory);
        List<SafetensorsFile.Tensor> out = new ArrayList<>();
        Map<String, long[]> shapes = Gpt2Weights.expectedShapes(config);
        for (Map.Entry<String, float[]> entry : tensors.entrySet()) {
            out.add(new SafetensorsFile.Tensor(prefix + entry.getKey(), dtype, shapes.get(entry.getKey()),
                    encode(entry.getValue(), dtype)));
        }
        SafetensorsFile.write(directory.resolve(Gpt2Weights.WEIGHTS_FILE), out, Map.of());
    }

    private static ByteBuffer encode(float[] values, String dtype) {
        int width = dtype.equals("F32") ? 4 : 2;
        ByteBuffer buffer = ByteBuffer.allocate(values.length * width).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            switch (dtype) {
                case "F32" -> buffer.putFloat(value);
                case "F16" -> buffer.putShort(Float.floatToFloat16(value));
                case "BF16" -> buffer.putShort((short) (Float.floatToIntBits(value) >>> 16));
                default -> throw new IllegalArgumentException(dtype);
            }
        }
        return buffer.flip();
    }

    /** Naive scalar GPT-2 forward of one sequence: optional prefix embeddings, then tokens; logits [S][V]. */
    static double[][] referenceLogits(Gpt2Config config, Map<String, float[]> w, double[][] prefix, long[] tokens) {
        int d = config.embeddingSize();
        int p = prefix == null ? 0 : prefix.length;
        int length = p + tokens.length;
        double[][] x = new double[length][d];
        for (int t = 0; t < length; t++) {
            for (int j = 0; j < d; j++) {
                double token = t < p ? prefix[t][j] : w.get("wte.weight")[(int) tokens[t - p] * d + j];
                x[t][j] = token + w.get("wpe.weight")[t * d + j];
            }
        }
        int heads = config.heads();
        int hd = d / heads;
        for (int layer = 0; layer < config.layers(); layer++) {
            String pre = "h." + layer + ".";
            double[][] h = layerNorm(x, w.get(pre + "ln_1.weight"), w.get(pre + "ln_1.bias"), config.layerNormEpsilon());
            double[][] qkv = linear(h, w.get(pre + "attn.c_attn.weight"), w.get(pre + "attn.c_attn.bias"), 3 * d);
            double[][] context = new double[length][d];
            for (int head = 0; head < heads; head++) {
                for (int t = 0; t < length; t++) {
                    double[] scores = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s <= t; s++) {
                        double dot = 0;
                        for (int i = 0; i < hd; i++) {
                            dot += qkv[t][head * hd + i] * qkv[s][d + head * hd + i];
                        }
                        scores[s] = dot / Math.sqrt(hd);
                        max = Math.max(max, scores[s]);
                    }
                    double sum = 0;
                    for (int s = 0; s <= t; s++) {
                        scores[s] = Math.exp(scores[s] - max);
                        sum += scores[s];
                    }
                    for (int s = 0; s <= t; s++) {
                        for (int i = 0; i < hd; i++) {
                            context[t][head * hd + i] += scores[s] / sum * qkv[s][2 * d + head * hd + i];
                        }
                    }
                }
            }
            add(x, linear(context, w.get(pre + "attn.c_proj.weight"), w.get(pre + "attn.c_proj.bias"), d));
            double[][] h2 = layerNorm(x, w.get(pre + "ln_2.weight"), w.get(pre + "ln_2.bias"), config.layerNormEpsilon());
            double[][] fc = linear(h2, w.get(pre + "mlp.c_fc.weight"), w.get(pre + "mlp.c_fc.bias"), 4 * d);
            for (double[] row : fc) {
                for (int j = 0; j < row.length; j++) {
                    double v = row[j];
                    row[j] = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
                }
            }
            add(x, linear(fc, w.get(pre + "mlp.c_proj.weight"), w.get(pre + "mlp.c_proj.bias"), d));
        }
        double[][] last = layerNorm(x, w.get("ln_f.weight"), w.get("ln_f.bias"), config.layerNormEpsilon());
        double[][] logits = new double[length][config.vocabularySize()];
        float[] wte = w.get("wte.weight");
        for (int t = 0; t < length; t++) {
            for (int v = 0; v < config.vocabularySize(); v++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += last[t][j] * wte[v * d + j];
                }
                logits[t][v] = dot;
            }
        }
        return logits;
    }

    private static double[][] layerNorm(double[][] x, float[] gain, float[] bias, double epsilon) {
        double[][] out = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            double mean = 0;
            for (double v : x[t]) {
                mean += v;
            }
            mean /= x[t].length;
            double variance = 0;
            for (double v : x[t]) {
                variance += (v - mean) * (v - mean);
            }
            variance /= x[t].length;
            out[t] = new double[x[t].length];
            for (int j = 0; j < x[t].length; j++) {
                out[t][j] = (x[t][j] - mean) / Math.sqrt(variance + epsilon) * gain[j] + bias[j];
            }
        }
        return out;
    }

    /** Conv1D: weight stored [in, out] row-major. */
    private static double[][] linear(double[][] x, float[] weight, float[] bias, int outputs) {
        double[][] out = new double[x.length][outputs];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < outputs; o++) {
                double sum = bias[o];
                for (int i = 0; i < x[t].length; i++) {
                    sum += x[t][i] * weight[i * outputs + o];
                }
                out[t][o] = sum;
            }
        }
        return out;
    }

    private static void add(double[][] target, double[][] delta) {
        for (int t = 0; t < target.length; t++) {
            for (int j = 0; j < target[t].length; j++) {
                target[t][j] += delta[t][j];
            }
        }
    }
}
