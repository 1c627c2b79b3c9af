package dev.netune.engine;

/** Receives a call as each host finishes; the CLI prints progress to stderr on a terminal. */
public interface Progress {
    Progress NONE = (outcome, done, total, failures) -> { };

    void hostDone(HostOutcome outcome, int done, int total, int failures);
}
