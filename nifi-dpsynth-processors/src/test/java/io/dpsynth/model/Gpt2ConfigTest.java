package io.dpsynth.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Gpt2ConfigTest {

    /** The config.json of the original 124M GPT-2 checkpoint on the Hugging Face hub. */
    private static final String GPT2_CONFIG = """
            {"activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "attn_pdrop": 0.1,
             "bos_token_id": 50256, "embd_pdrop": 0.1, "eos_token_id": 50256, "initializer_range": 0.02,
             "layer_norm_epsilon": 1e-05, "model_type": "gpt2", "n_ctx": 1024, "n_embd": 768, "n_head": 12,
             "n_layer": 12, "n_positions": 1024, "resid_pdrop": 0.1, "summary_activation": null,
             "summary_first_dropout": 0.1, "summary_proj_to_labels": true, "summary_type": "cls_index",
             "summary_use_proj": true, "task_specific_params": {"text-generation": {"do_sample": true, "max_length": 50}},
             "vocab_size": 50257}
            """;

    @Test
    void readsTheOriginalGpt2Config(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("config.json"), GPT2_CONFIG);
        Gpt2Config config = Gpt2Config.read(directory);
        assertEquals(new Gpt2Config(50257, 1024, 768, 12, 12, 1e-5, 50256, 50256), config);
        assertEquals(124_439_808L, config.parameterCount());
    }

    @Test
    void writeThenReadIsTheSameConfig(@TempDir Path directory) throws IOException {
        Gpt2Config config = new Gpt2Config(8192, 256, 256, 4, 4, 1e-5, 8191, 8191);
        config.write(directory);
        assertEquals(config, Gpt2Config.read(directory));
    }
}
