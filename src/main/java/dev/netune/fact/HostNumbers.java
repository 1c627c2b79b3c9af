package dev.netune.fact;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Decimal numbers read from a host's output. A number too large for its type (an IRQ of
 * 99999999999, a corrupted line) is an unreadable value, never an exception: parsers skip the
 * line or report the fact as unreadable, and the plan goes on.
 */
public final class HostNumbers {
    private HostNumbers() {
    }

    /** The non-negative decimal {@code text} (digits only), if it fits an int. */
    public static OptionalInt decimalInt(String text) {
        OptionalLong n = decimalLong(text);
        return n.isPresent() && n.getAsLong() <= Integer.MAX_VALUE ? OptionalInt.of((int) n.getAsLong()) : OptionalInt.empty();
    }

    /** The non-negative decimal {@code text} (digits only), if it fits a long. */
    public static OptionalLong decimalLong(String text) {
        if (text == null || text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // 19 digits above Long.MAX_VALUE
        }
    }
}
