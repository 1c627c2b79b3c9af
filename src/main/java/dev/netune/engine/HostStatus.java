package dev.netune.engine;

/** How one host ended in one command; the summary counts these. */
public enum HostStatus {
    /** Nothing to change (or nothing left after apply). */
    OK,
    /** The plan has changes (plan, drift), not applied. */
    CHANGES,
    /** Changes were applied and verified. */
    CHANGED,
    /** A plan error, a failed write or a failed verification. */
    FAILED,
    /** Could not connect, authenticate or verify the host key. */
    UNREACHABLE,
    /** A saved plan no longer matches the host; nothing applied. */
    STALE,
    /** Not attempted (declined, or only facts were read). */
    SKIPPED;

    /** How a host that could not be reached or run on ends: never reached, or failed while talking. */
    static HostStatus of(dev.netune.transport.TransportException e) {
        return switch (e.kind()) {
            case UNREACHABLE, AUTH, HOST_KEY -> UNREACHABLE;
            case TIMEOUT, IO -> FAILED;
        };
    }

    public boolean isError() {
        return this == FAILED || this == UNREACHABLE || this == STALE;
    }
}
