package dev.netune.diagnose;

/** How urgent a finding is; findings are listed most severe first. */
public enum Severity {
    CRITICAL, WARNING, INFO;

    /** INFO below {@code warnAt} per second, CRITICAL from {@code criticalAt}, WARNING between. */
    static Severity ofRate(double rate, double warnAt, double criticalAt) {
        return rate >= criticalAt ? CRITICAL : rate >= warnAt ? WARNING : INFO;
    }
}
