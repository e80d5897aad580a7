package io.dpsynth.nifi.flow.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** The command line of ./dpsynth-release: flags that override parameters of the flow's parameter context. */
record ReleaseArguments(Path flow, Map<String, String> overrides) {

    static final String USAGE = """
            Usage: ./dpsynth-release [options]
              Runs templates/dpsynth-release-flow.json in-process on the bundled data and model and writes the synthetic
              dataset, utility report, ledger and provenance trail to the output folder. Rerun with the same --out to
              spend from the same budget.
            Options (each overrides a parameter of the flow's parameter context):
              --epsilon E        epsilon of this release, > 0                  (parameter epsilon, default 4)
              --delta D          delta of this release, in (0, 1)             (parameter delta, default 1e-5)
              --records N        synthetic records to generate, >= 1          (parameter generate.records, default 500)
              --out DIR          output folder, relative to the repository root (parameter work.dir, default out/release)
              --budget-id ID     budget to charge                             (parameter budget.id, default dpsynth-demo)
              --param NAME=VALUE any other parameter, e.g. --param dpsgd.steps=50 (repeatable)
              --flow FILE        the flow definition (default templates/dpsynth-release-flow.json)
              --help             this text""";

    static final Path DEFAULT_FLOW = Path.of("templates", "dpsynth-release-flow.json");
    private static final Pattern BUDGET_ID = Pattern.compile("[A-Za-z0-9_.:-]+");

    /** Parses and checks the arguments; a bad one gives an IllegalArgumentException with a message for the user. */
    static ReleaseArguments parse(String... args) {
        Path flow = DEFAULT_FLOW;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new HelpRequested();
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag.startsWith("--") ? flag + " needs a value" : "unexpected argument '" + flag + "'");
            }
            String value = args[++i];
            switch (flag) {
                case "--epsilon" -> overrides.put("epsilon", positiveNumber(flag, value));
                case "--delta" -> overrides.put("delta", probability(flag, value));
                case "--records", "--amount" -> overrides.put("generate.records", positiveInteger(flag, value));
                case "--out" -> overrides.put("work.dir", value);
                case "--budget-id" -> {
                    if (!BUDGET_ID.matcher(value).matches()) {
                        throw new IllegalArgumentException("--budget-id must be letters, digits, '_', '.', ':' or '-', got '" + value + "'");
                    }
                    overrides.put("budget.id", value);
                }
                case "--param" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--param needs NAME=VALUE, got '" + value + "'");
                    }
                    overrides.put(value.substring(0, eq), value.substring(eq + 1));
                }
                case "--flow" -> flow = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
        }
        return new ReleaseArguments(flow, overrides);
    }

    private static String positiveNumber(String flag, String value) {
        double parsed = number(flag, value);
        if (!(parsed > 0) || Double.isInfinite(parsed)) {
            throw new IllegalArgumentException(flag + " must be a finite number > 0, got '" + value + "'");
        }
        return value;
    }

    private static String probability(String flag, String value) {
        double parsed = number(flag, value);
        if (!(parsed > 0 && parsed < 1)) {
            throw new IllegalArgumentException(flag + " must be in (0, 1), got '" + value + "'");
        }
        return value;
    }

    private static double number(String flag, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number, got '" + value + "'");
        }
    }

    private static String positiveInteger(String flag, String value) {
        try {
            if (Integer.parseInt(value) >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a whole number >= 1, got '" + value + "'");
    }

    /** --help: print the usage and exit 0. */
    static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(null, null, false, false);
        }
    }
}
