package io.dpsynth.privacy.reference;

import io.dpsynth.privacy.ComposedEvent;
import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.GaussianEvent;
import io.dpsynth.privacy.LaplaceEvent;
import io.dpsynth.privacy.SelfComposedEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReferenceEventsTest {

    @Test
    void readsEveryKind() {
        DpEvent event = ReferenceEvents.parse("gaussian(sigma=5.0,count=2) + laplace(scale=10.0,count=1) + poisson_gaussian(q=0.01,sigma=1.0,steps=3)");

        assertEquals(new ComposedEvent(List.of(
                new SelfComposedEvent(GaussianEvent.ofNoiseMultiplier(5), 2),
                new SelfComposedEvent(new LaplaceEvent(10, 1), 1),
                DpEvent.dpSgd(0.01, 1.0, 3))), event);
    }

    @Test
    void rejectsUnknownMechanisms() {
        assertThrows(IllegalArgumentException.class, () -> ReferenceEvents.parse("exponential(eps=1)"));
    }

    @Test
    void readsQuotedFieldsWithCommas() {
        ReferenceRow c4 = ReferenceCsv.read("/refdata/composition.csv").stream()
                .filter(row -> row.text("case_id").equals("C4")).findFirst().orElseThrow();

        assertEquals("poisson_gaussian(q=0.01,sigma=1.0,steps=1000) + poisson_gaussian(q=0.004267,sigma=1.1,steps=14063)", c4.text("events"));
    }
}
