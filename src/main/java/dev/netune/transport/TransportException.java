package dev.netune.transport;

/** A failure to reach a host or to run a script on it; {@link Kind} says which, for the summary. */
public final class TransportException extends Exception {

    /** Closed set of transport failures; UNREACHABLE and the others are counted separately. */
    public enum Kind { UNREACHABLE, AUTH, HOST_KEY, TIMEOUT, IO }

    private final Kind kind;

    public TransportException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public TransportException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
