package dev.netune.cli;

import java.util.Map;

/**
 * Whether text output is coloured: {@code --color always|never} decides; with {@code auto} (the
 * default) NO_COLOR (non-empty) turns colour off, CLICOLOR_FORCE (not "0") turns it on without a
 * terminal, and otherwise stdout being a terminal does.
 */
final class Colour {
    enum When { auto, always, never }

    /** Set by {@code --color} on every command line (picocli applies the default each run). */
    private static volatile When when = When.auto;

    private Colour() {
    }

    static void set(When w) {
        when = w;
    }

    static boolean enabled() {
        return enabled(when, System.getenv(), System.console() != null);
    }

    static boolean enabled(When when, Map<String, String> env, boolean terminal) {
        return switch (when) {
            case always -> true;
            case never -> false;
            case auto -> {
                String noColor = env.get("NO_COLOR");
                String force = env.get("CLICOLOR_FORCE");
                if (noColor != null && !noColor.isEmpty()) {
                    yield false;
                }
                yield (force != null && !force.isEmpty() && !force.equals("0")) || terminal;
            }
        };
    }
}
