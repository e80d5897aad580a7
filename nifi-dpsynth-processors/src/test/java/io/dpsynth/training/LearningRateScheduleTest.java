package io.dpsynth.training;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LearningRateScheduleTest {

    private final LearningRateSchedule schedule = new LearningRateSchedule(1e-3, 10, 110, 0.1);

    @Test
    void warmsUpLinearlyThenDecaysAlongACosineToTheFloor() {
        assertEquals(1e-4, schedule.rate(0), 1e-12);
        assertEquals(1e-3, schedule.rate(9), 1e-12);
        assertEquals(1e-3, schedule.rate(10), 1e-12);
        assertEquals(1e-4 + 0.9e-3 * 0.5, schedule.rate(60), 1e-12);
        assertEquals(1e-4, schedule.rate(110), 1e-12);
        assertEquals(1e-4, schedule.rate(500), 1e-12);
    }

    @Test
    void rejectsWarmUpLongerThanTraining() {
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1e-3, 20, 10, 0));
    }
}
