package dev.netune.transport;

/** What one remote script printed and how it exited. */
public record ExecResult(int exitCode, String stdout, String stderr) {
    public boolean ok() {
        return exitCode == 0;
    }
}
