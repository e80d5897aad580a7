package io.dpsynth.model;

import ai.djl.Device;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the model runs, as written in configuration: {@code auto} (the first GPU when there is one, else the CPU),
 * {@code cpu}, {@code gpu} (the first GPU, required) or {@code gpu:N} (GPU number N, required).
 */
public record DeviceSelection(Choice choice, int gpuIndex) {

    public enum Choice { AUTO, CPU, GPU }

    private static final Pattern SYNTAX = Pattern.compile("(auto|cpu|gpu)(?::(\\d{1,4}))?");

    public DeviceSelection {
        if (gpuIndex < 0 || (choice != Choice.GPU && gpuIndex != 0)) {
            throw new IllegalArgumentException("a GPU index goes with 'gpu' only and must be >= 0");
        }
    }

    /** Parses {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N} (case-insensitive, surrounding blanks ignored). */
    public static DeviceSelection parse(String text) {
        Matcher matcher = SYNTAX.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches() || (matcher.group(2) != null && !"gpu".equals(matcher.group(1)))) {
            throw new IllegalArgumentException("device must be auto, cpu, gpu or gpu:N (N = GPU number from 0)");
        }
        Choice choice = Choice.valueOf(matcher.group(1).toUpperCase(Locale.ROOT));
        return new DeviceSelection(choice, matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2)));
    }

    /**
     * The device to load onto, given how many GPUs the engine sees ({@code Engine.getInstance().getGpuCount()}).
     *
     * @throws IllegalStateException when a GPU is required and the engine does not see it
     */
    public Device resolve(int gpuCount) {
        return switch (choice) {
            case CPU -> Device.cpu();
            case AUTO -> gpuCount > 0 ? Device.gpu(0) : Device.cpu();
            case GPU -> {
                if (gpuIndex >= gpuCount) {
                    throw new IllegalStateException("device " + this + " was requested but the PyTorch engine sees "
                            + (gpuCount == 0 ? "no GPU" : gpuCount + " GPU(s), numbered from 0")
                            + " (is the build made with -Pgpu and libtorch for CUDA installed? see the GPU section of the docs)");
                }
                yield Device.gpu(gpuIndex);
            }
        };
    }

    @Override
    public String toString() {
        return choice == Choice.GPU ? "gpu:" + gpuIndex : choice.name().toLowerCase(Locale.ROOT);
    }
}
