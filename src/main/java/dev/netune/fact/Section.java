package dev.netune.fact;

import java.util.List;

/**
 * One block of the gather script's output: the marker line's words and the raw text after it.
 *
 * <p>The gather script prints {@code @@netune KIND ARG...} before each block; {@code kind} is the
 * first word after {@code @@netune}, {@code args} the rest, {@code body} every line up to the next
 * marker (trailing newline removed).
 */
public record Section(String kind, List<String> args, String body) {
    public Section {
        args = List.copyOf(args);
    }

    public String arg(int i) {
        return i < args.size() ? args.get(i) : "";
    }
}
