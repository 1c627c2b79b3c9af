package dev.netune.transport;

/**
 * The one place where values are quoted for the remote shell.
 *
 * <p>Every value that ends up in a script goes through {@link #quote(String)}; values are also
 * validated by their kind before planning, so quoting is the second line of defence, not the
 * only one.
 */
public final class Shell {
    private Shell() {
    }

    /** Quotes a value as a single POSIX sh word: 'it'\''s' style. */
    public static String quote(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL byte in shell value");
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
