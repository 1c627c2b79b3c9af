package dev.netune.profile;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when input files have problems; carries all of them, not just the first. */
public final class ValidationException extends Exception {
    private final List<Problem> problems;

    public ValidationException(List<Problem> problems) {
        super(problems.stream().map(Problem::format).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
