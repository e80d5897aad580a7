package io.dpsynth.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JVM-wide DJL / PyTorch settings dpsynth needs (see docs/djl-notes): offline (no downloads, no telemetry),
 * explicit thread pools, and checks of what only the process environment can set. PyTorch's thread pools belong
 * to the process, so the last caller of {@link #start} decides the intra-op thread count.
 */
public final class DjlRuntime {

    public static final String OFFLINE = "ai.djl.offline";
    public static final String OPT_OUT_TRACKING = "OPT_OUT_TRACKING";
    public static final String INTRA_OP_THREADS = "ai.djl.pytorch.num_threads";
    public static final String INTER_OP_THREADS = "ai.djl.pytorch.num_interop_threads";
    public static final String NATIVE_ACCESS_FLAG = "--enable-native-access=ALL-UNNAMED";

    private DjlRuntime() {
    }

    /**
     * Sets the system properties (offline, tracking opt-out and one inter-op thread only where nobody set them; the
     * intra-op thread count always), starts the PyTorch engine if it is not running and applies the thread count
     * to it, since the property is only read when the engine starts.
     *
     * @throws ai.djl.engine.EngineException when the native PyTorch library cannot be loaded
     */
    public static synchronized Engine start(int intraOpThreads) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + intraOpThreads);
        }
        setIfAbsent(OFFLINE, "true");
        setIfAbsent(OPT_OUT_TRACKING, "true");
        setIfAbsent(INTER_OP_THREADS, "1");
        System.setProperty(INTRA_OP_THREADS, Integer.toString(intraOpThreads));
        Engine engine = Engine.getEngine("PyTorch");
        if (JniUtils.getNumThreads() != intraOpThreads) {
            JniUtils.setNumThreads(intraOpThreads);
        }
        return engine;
    }

    /** PyTorch's current intra-op thread count. */
    public static int intraOpThreads() {
        return JniUtils.getNumThreads();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Problems with what only the environment or the JVM command line can set; empty when all is well. */
    public static List<String> environmentWarnings() {
        return environmentWarnings(System.getenv(), nativeAccessEnabled());
    }

    static List<String> environmentWarnings(Map<String, String> environment, boolean nativeAccessEnabled) {
        List<String> warnings = new ArrayList<>();
        if (!"PASSIVE".equalsIgnoreCase(environment.getOrDefault("OMP_WAIT_POLICY", "").trim())) {
            warnings.add("OMP_WAIT_POLICY is not PASSIVE: idle PyTorch threads spin and, on a busy node, slow model passes"
                    + " down many times; add 'export OMP_WAIT_POLICY=PASSIVE' to bin/nifi-env.sh");
        }
        if (!nativeAccessEnabled) {
            warnings.add("the JVM runs without " + NATIVE_ACCESS_FLAG + ": JDK 24+ warns when PyTorch's native library"
                    + " loads and later JDKs refuse it; add 'java.arg.nativeAccess=" + NATIVE_ACCESS_FLAG
                    + "' to conf/bootstrap.conf");
        }
        if (!environment.containsKey(OPT_OUT_TRACKING)) {
            warnings.add("OPT_OUT_TRACKING is not set in the environment: this service sets it as a system property,"
                    + " but DJL used by any component started earlier may contact AWS metadata and telemetry hosts;"
                    + " add 'export OPT_OUT_TRACKING=true DJL_OFFLINE=true' to bin/nifi-env.sh");
        }
        String offline = environment.get("DJL_OFFLINE");
        if (offline != null && !Boolean.parseBoolean(offline.trim())) {
            warnings.add("DJL_OFFLINE=" + offline.trim() + " in the environment overrides " + OFFLINE
                    + "=true: DJL may try to download; remove it or set it to true in bin/nifi-env.sh");
        }
        return warnings;
    }

    /**
     * Whether this code may call native code without warnings: the command line flag, or on JDK 22+ the module's
     * own answer; JDK 21 does not restrict JNI.
     */
    static boolean nativeAccessEnabled() {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (arguments.stream().anyMatch(DjlRuntime::enablesAllUnnamed)) {
            return true;
        }
        try {
            Method query = Module.class.getMethod("isNativeAccessEnabled");
            return (Boolean) query.invoke(DjlRuntime.class.getModule());
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static boolean enablesAllUnnamed(String argument) {
        return argument.startsWith("--enable-native-access=")
                && List.of(argument.substring("--enable-native-access=".length()).split(",")).contains("ALL-UNNAMED");
    }
}
