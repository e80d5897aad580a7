package io.dpsynth.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DjlRuntimeTest {

    @Test
    void recommendedEnvironmentGivesNoWarning() {
        assertEquals(List.of(), DjlRuntime.environmentWarnings(
                Map.of("OMP_WAIT_POLICY", "passive", "OPT_OUT_TRACKING", "true", "DJL_OFFLINE", "true"), true));
    }

    @Test
    void eachMissingSettingIsNamedWithItsFix() {
        List<String> warnings = DjlRuntime.environmentWarnings(Map.of("OMP_WAIT_POLICY", "ACTIVE", "DJL_OFFLINE", "false"), false);
        assertEquals(4, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("OMP_WAIT_POLICY") && warnings.get(0).contains("nifi-env.sh"));
        assertTrue(warnings.get(1).contains("--enable-native-access=ALL-UNNAMED") && warnings.get(1).contains("bootstrap.conf"));
        assertTrue(warnings.get(2).contains("OPT_OUT_TRACKING"));
        assertTrue(warnings.get(3).contains("DJL_OFFLINE=false"));
    }

    @Test
    void surefireRunsWithNativeAccessEnabled() {
        // The pom's argLine passes the flag, as bootstrap.conf should in NiFi.
        assertTrue(DjlRuntime.nativeAccessEnabled());
    }

    @Test
    void startAppliesTheThreadCountToARunningEngine() {
        DjlRuntime.start(1);
        assertEquals(1, DjlRuntime.intraOpThreads());
        DjlRuntime.start(2);
        assertEquals(2, DjlRuntime.intraOpThreads());
        assertEquals("true", System.getProperty(DjlRuntime.OFFLINE));
        assertEquals("2", System.getProperty(DjlRuntime.INTRA_OP_THREADS));
    }
}
