package dev.netune.setting.shared;

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
        return value.strip().replaceAll("\\s+", " ");
    }

    public static boolean same(String a, String b) {
        return normalize(a).equals(normalize(b));
    }
}
