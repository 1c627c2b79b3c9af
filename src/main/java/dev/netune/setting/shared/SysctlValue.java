package dev.netune.setting.shared;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/** Sysctl names and values: syntax rules, the /proc/sys path, and comparison as the kernel means it. */
public final class SysctlValue {
    /** Dotted names of lowercase words; no '/', no '..', nothing a path or shell could abuse. */
    public static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_-]*(\\.[A-Za-z0-9_-]+)+");
    /**
     * Characters a sysctl value may hold: words, numbers, lists and ranges. Quotes, '$', ';',
     * '`', '|', '&', '<', '>' and newlines are refused, so a value can never become a command.
     */
    public static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_ \\t.,:/+=@-]*");

    /** Compiled once: normalize runs for every key of every host, several times a plan. */
    public static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private SysctlValue() {
    }

    /** /proc/sys/net/core/somaxconn for net.core.somaxconn. */
    public static String procPath(String key) {
        return "/proc/sys/" + key.replace('.', '/');
    }

    /**
     * Folds whitespace as the kernel does when it parses: "10000\t65000" equals "10000 65000".
     */
    public static String normalize(String value) {
        return WHITESPACE.matcher(value.strip()).replaceAll(" ");
    }

    /**
     * Whether two values are the same to the kernel: whitespace folded, and numbers compared as
     * numbers, since the kernel parses integers with base 0 (proc_get_long: "0x403" is 1027).
     */
    public static boolean same(String a, String b) {
        String[] x = normalize(a).split(" ");
        String[] y = normalize(b).split(" ");
        if (x.length != y.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            OptionalLong nx = number(x[i]);
            OptionalLong ny = number(y[i]);
            boolean equal = nx.isPresent() && ny.isPresent() ? nx.getAsLong() == ny.getAsLong() : x[i].equals(y[i]);
            if (!equal) {
                return false;
            }
        }
        return true;
    }

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,19}");
    private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]{1,15}");

    /** A whole number as the kernel reads it: decimal, or hexadecimal with 0x; empty for anything else. */
    public static OptionalLong number(String token) {
        try {
            if (DECIMAL.matcher(token).matches()) {
                return OptionalLong.of(Long.parseLong(token));
            }
            if (HEX.matcher(token).matches()) {
                return OptionalLong.of(Long.parseLong(token.substring(2), 16));
            }
        } catch (NumberFormatException e) {
            // beyond a long: not a number any sysctl holds
        }
        return OptionalLong.empty();
    }

    /** The value with each hexadecimal number written in decimal, as the kernel shows it when read back. */
    public static String decimal(String value) {
        StringBuilder sb = new StringBuilder();
        for (String t : normalize(value).split(" ")) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(HEX.matcher(t).matches() ? Long.toString(number(t).orElseThrow()) : t);
        }
        return sb.toString();
    }
}
