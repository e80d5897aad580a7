package io.dpsynth.model;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceSelectionTest {

    @Test
    void autoPrefersTheFirstGpu() {
        assertEquals(Device.cpu(), DeviceSelection.parse("auto").resolve(0));
        assertEquals(Device.gpu(0), DeviceSelection.parse(" AUTO ").resolve(2));
    }

    @Test
    void cpuIgnoresGpus() {
        assertEquals(Device.cpu(), DeviceSelection.parse("cpu").resolve(4));
    }

    @Test
    void gpuWithAndWithoutIndex() {
        assertEquals(Device.gpu(0), DeviceSelection.parse("gpu").resolve(1));
        assertEquals(Device.gpu(1), DeviceSelection.parse("gpu:1").resolve(2));
        assertEquals("gpu:1", DeviceSelection.parse("gpu:1").toString());
    }

    @Test
    void requiredGpuThatIsNotThereFailsClearly() {
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> DeviceSelection.parse("gpu").resolve(0));
        assertTrue(none.getMessage().contains("gpu:0") && none.getMessage().contains("no GPU"), none.getMessage());
        IllegalStateException tooHigh = assertThrows(IllegalStateException.class, () -> DeviceSelection.parse("gpu:2").resolve(2));
        assertTrue(tooHigh.getMessage().contains("2 GPU(s)"), tooHigh.getMessage());
    }

    @Test
    void badSyntax() {
        for (String bad : new String[] {"", "tpu", "gpu:", "gpu:-1", "cpu:1", "auto:0", "gpu:x", "cuda:0"}) {
            assertThrows(IllegalArgumentException.class, () -> DeviceSelection.parse(bad), bad);
        }
    }
}
