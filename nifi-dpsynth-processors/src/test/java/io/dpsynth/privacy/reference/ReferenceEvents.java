package io.dpsynth.privacy.reference;

import io.dpsynth.privacy.ComposedEvent;
import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.GaussianEvent;
import io.dpsynth.privacy.LaplaceEvent;
import io.dpsynth.privacy.SelfComposedEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code events} column of composition.csv, e.g.
 * {@code gaussian(sigma=5.0,count=1) + poisson_gaussian(q=0.01,sigma=1.0,steps=1000)}.
 */
public final class ReferenceEvents {

    private static final Pattern TERM = Pattern.compile("(\\w+)\\(([^)]*)\\)");

    private ReferenceEvents() {
    }

    public static DpEvent parse(String text) {
        List<DpEvent> events = new ArrayList<>();
        for (String term : text.split("\\s*\\+\\s*")) {
            Matcher m = TERM.matcher(term.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("cannot parse event " + term);
            }
            Map<String, String> args = new HashMap<>();
            for (String pair : m.group(2).split(",")) {
                String[] keyValue = pair.split("=", 2);
                args.put(keyValue[0].trim(), keyValue[1].trim());
            }
            events.add(switch (m.group(1)) {
                case "gaussian" -> new SelfComposedEvent(GaussianEvent.ofNoiseMultiplier(number(args, "sigma")), count(args, "count"));
                case "laplace" -> new SelfComposedEvent(new LaplaceEvent(number(args, "scale"), 1), count(args, "count"));
                case "poisson_gaussian" -> DpEvent.dpSgd(number(args, "q"), number(args, "sigma"), count(args, "steps"));
                default -> throw new IllegalArgumentException("unknown mechanism " + m.group(1));
            });
        }
        return new ComposedEvent(events);
    }

    private static double number(Map<String, String> args, String name) {
        return Double.parseDouble(args.get(name));
    }

    private static long count(Map<String, String> args, String name) {
        return Long.parseLong(args.get(name));
    }
}
