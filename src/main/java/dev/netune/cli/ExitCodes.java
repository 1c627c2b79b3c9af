package dev.netune.cli;

/** The exit codes every command uses (Terraform's -detailed-exitcode convention). */
final class ExitCodes {
    static final int OK = 0;
    static final int ERROR = 1;
    static final int CHANGES = 2;

    private ExitCodes() {
    }
}
