package dev.netune.plan;

import java.util.regex.Pattern;

/**
 * The typed name of a kind of change ({@code sysctl}, {@code sysctl-file}, {@code nic.ring}):
 * which setting kind plans and applies it. Kinds compare these, never strings; the name is what
 * reports, plan files and snapshots carry.
 */
public record ChangeKind(String name) implements Comparable<ChangeKind> {
    /** Lowercase words joined by '.' or '-' (NIC attributes keep their YAML key, e.g. nic.irqAffinity). */
    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]*([.-][A-Za-z0-9]+)*");

    public ChangeKind {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a change kind name: " + name);
        }
    }

    public static ChangeKind of(String name) {
        return new ChangeKind(name);
    }

    // equals and hashCode written out: every apply compares kinds (STYLE.md, "Start-up")
    @Override
    public boolean equals(Object o) {
        return o instanceof ChangeKind k && name.equals(k.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /**
     * Whether this kind writes a file netune ships as it is, whatever the profile (a shell function
     * library, named {@code ...-library}): reports show its digest and length, not its lines.
     */
    public boolean library() {
        return name.endsWith("-library");
    }

    /** Whether this kind is a member of the dotted family {@code family} (nic.ring is in nic). */
    public boolean in(String family) {
        return name.startsWith(family + ".");
    }

    @Override
    public int compareTo(ChangeKind other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
