package dev.netune.setting.sysctl;

import dev.netune.setting.shared.SysctlValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a profile wants of one sysctl: a list of elements (one for a plain sysctl, several for a
 * tuple such as tcp_rmem), each an exact value or a bound ({@code atLeast}, {@code atMost}) that
 * a host value already inside it satisfies. A plain value is all exact, as before bounds existed.
 */
record SysctlWant(List<Element> elements) {
    SysctlWant {
        elements = List.copyOf(elements);
        if (elements.isEmpty()) {
            throw new IllegalArgumentException("a sysctl want has at least one element");
        }
    }

    /** One element: {@code exact} text, or a floor and/or ceiling (whole numbers). */
    record Element(String exact, OptionalLong atLeast, OptionalLong atMost) {
        static Element exact(String value) {
            return new Element(value, OptionalLong.empty(), OptionalLong.empty());
        }

        static Element bounds(OptionalLong atLeast, OptionalLong atMost) {
            return new Element(null, atLeast, atMost);
        }

        boolean isExact() {
            return exact != null;
        }

        /** "16777216", ">=16777216", "<=60999", ">=1024,<=2048". */
        String text() {
            if (isExact()) {
                return exact;
            }
            List<String> parts = new ArrayList<>();
            atLeast.ifPresent(v -> parts.add(">=" + v));
            atMost.ifPresent(v -> parts.add("<=" + v));
            return String.join(",", parts);
        }
    }

    /** A plain value (whitespace folded, hexadecimal numbers written in decimal): every element exact. */
    static SysctlWant exact(String value) {
        return new SysctlWant(List.of(Element.exact(SysctlValue.normalize(value))));
    }

    boolean allExact() {
        return elements.stream().allMatch(Element::isExact);
    }

    /** As the plan and explain print it: the value, or each element with its bound. */
    String text() {
        return String.join(" ", elements.stream().map(Element::text).toList());
    }

    /**
     * The value this want leaves on a host holding {@code live}, or why it cannot tell (the host
     * holds another number of elements, or a bounded element is not a number there).
     */
    Resolution resolve(String live) {
        String have = SysctlValue.normalize(live);
        if (allExact()) {
            String want = text();
            return Resolution.of(want, List.of());
        }
        String[] tokens = have.isEmpty() ? new String[0] : have.split(" ");
        if (tokens.length != elements.size()) {
            return Resolution.failed("the host holds " + tokens.length + " value(s) ('" + have + "'), the profile names "
                    + elements.size());
        }
        List<String> out = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> moved = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            Element e = elements.get(i);
            if (e.isExact()) {
                out.add(e.exact());
                continue;
            }
            OptionalLong v = SysctlValue.number(tokens[i]);
            if (v.isEmpty()) {
                return Resolution.failed("'" + tokens[i] + "' on the host is not a number, so " + e.text() + " cannot apply");
            }
            long value = v.getAsLong();
            if (e.atLeast().isPresent() && value < e.atLeast().getAsLong()) {
                out.add(Long.toString(e.atLeast().getAsLong()));
                moved.add("raised " + value + " to the floor " + e.atLeast().getAsLong());
            } else if (e.atMost().isPresent() && value > e.atMost().getAsLong()) {
                out.add(Long.toString(e.atMost().getAsLong()));
                moved.add("lowered " + value + " to the ceiling " + e.atMost().getAsLong());
            } else {
                out.add(Long.toString(value));
                kept.add("kept " + value + " (" + e.text().replace(">=", ">= ").replace("<=", "<= ").replace(",", ", ") + ")");
            }
        }
        return new Resolution(Optional.of(String.join(" ", out)), List.copyOf(kept), List.copyOf(moved), "");
    }

    /** The value to hold, the bounded elements a host already satisfies ("kept 33554432 (>=16777216)"), or a failure. */
    record Resolution(Optional<String> value, List<String> kept, List<String> moved, String failure) {
        static Resolution of(String value, List<String> kept) {
            return new Resolution(Optional.of(value), List.copyOf(kept), List.of(), "");
        }

        static Resolution failed(String why) {
            return new Resolution(Optional.empty(), List.of(), List.of(), why);
        }
    }
}
