package dev.netune.setting.sysctl;

import dev.netune.profile.YamlNode;
import dev.netune.setting.shared.SysctlValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads one {@code key: value} of a profile's {@code sysctl:} into a {@link SysctlWant}, refusing
 * only what no kernel accepts (see {@link SysctlCatalog}); what depends on the host (congestion
 * controls, qdiscs, the key itself) is checked at plan.
 *
 * <p>Three forms: a plain value is exact ({@code somaxconn: 4096}, {@code tcp_rmem: "4096 131072
 * 16777216"}); a mapping bounds every element ({@code somaxconn: {atLeast: 4096}}, {@code tcp_rmem:
 * {atLeast: "4096 131072 16777216"}}); a list gives each element of a tuple on its own, exact or
 * bounded ({@code tcp_rmem: [4096, 131072, {atLeast: 16777216}]}).
 */
final class SysctlLoad {
    static final String AT_LEAST = "atLeast";
    static final String AT_MOST = "atMost";
    private static final List<String> BOUNDS = List.of(AT_LEAST, AT_MOST);

    private SysctlLoad() {
    }

    static Optional<SysctlWant> want(String key, YamlNode value) {
        if (!SysctlValue.KEY.matcher(key).matches()) {
            value.keyError("'" + key + "' is not a sysctl name (dotted lowercase words, e.g. net.core.somaxconn)");
            if (value.isMapping() || value.isSequence()) {
                wantOf(key, value); // its value's own problems too (and the schema probe learns its shape)
            }
            return Optional.empty();
        }
        return wantOf(key, value);
    }

    private static Optional<SysctlWant> wantOf(String key, YamlNode value) {
        if (value.isMapping()) {
            value.alsoScalar();
            return bounded(key, value);
        }
        if (value.isSequence()) {
            value.alsoScalar();
            return elementWise(key, value);
        }
        return scalar(value).flatMap(v -> {
            SysctlWant w = SysctlWant.exact(v);
            return fits(key, w, value) ? Optional.of(w) : Optional.empty();
        });
    }

    /** A plain value, whitespace folded and hexadecimal numbers in decimal; or empty after reporting. */
    private static Optional<String> scalar(YamlNode value) {
        if (value.isNull()) {
            value.error("expected a value, found nothing");
            return Optional.empty();
        }
        if (value.isBooleanScalar()) {
            value.error("sysctls take numbers: write 1 or 0, not " + value.string().orElse(""));
            return Optional.empty();
        }
        if (!value.isScalar()) {
            value.error("a sysctl value is a number, a string such as \"10000 65000\", {atLeast: N}, {atMost: N}"
                    + " or a list of those per element");
            return Optional.empty();
        }
        String raw = value.string().orElse("");
        if (!SysctlValue.VALUE.matcher(raw).matches() || raw.isBlank()) {
            value.error("value '" + raw + "' is not allowed: sysctl values are numbers and words"
                    + " (letters, digits, spaces and . , : / + = @ _ -)");
            return Optional.empty();
        }
        return Optional.of(SysctlValue.decimal(raw));
    }

    /** {@code {atLeast: A, atMost: B}}: A and B one number each, or one per element of a tuple. */
    private static Optional<SysctlWant> bounded(String key, YamlNode value) {
        Map<String, YamlNode> m = value.mapping(BOUNDS);
        if (m.isEmpty() || !BOUNDS.containsAll(m.keySet())) {
            if (m.isEmpty()) {
                value.error("expected atLeast, atMost or both");
            }
            return Optional.empty();
        }
        Optional<List<Long>> low = m.containsKey(AT_LEAST) ? numbers(m.get(AT_LEAST)) : Optional.of(List.of());
        Optional<List<Long>> high = m.containsKey(AT_MOST) ? numbers(m.get(AT_MOST)) : Optional.of(List.of());
        if (low.isEmpty() || high.isEmpty()) {
            return Optional.empty();
        }
        int n = Math.max(low.get().size(), high.get().size());
        if (!low.get().isEmpty() && !high.get().isEmpty() && low.get().size() != high.get().size()) {
            value.error("atLeast and atMost name different numbers of elements");
            return Optional.empty();
        }
        List<SysctlWant.Element> elements = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            elements.add(SysctlWant.Element.bounds(at(low.get(), i), at(high.get(), i)));
        }
        SysctlWant w = new SysctlWant(elements);
        return fits(key, w, value) ? Optional.of(w) : Optional.empty();
    }

    /** {@code [4096, 131072, {atLeast: 16777216}]}: each element exact or bounded. */
    private static Optional<SysctlWant> elementWise(String key, YamlNode value) {
        List<SysctlWant.Element> elements = new ArrayList<>();
        boolean ok = true;
        for (YamlNode item : value.sequence()) {
            if (item.isMapping()) {
                item.alsoScalar();
                Map<String, YamlNode> m = item.mapping(BOUNDS);
                Optional<List<Long>> low = m.containsKey(AT_LEAST) ? numbers(m.get(AT_LEAST)) : Optional.of(List.of());
                Optional<List<Long>> high = m.containsKey(AT_MOST) ? numbers(m.get(AT_MOST)) : Optional.of(List.of());
                if (m.isEmpty() || !BOUNDS.containsAll(m.keySet()) || low.isEmpty() || high.isEmpty()
                        || low.get().size() > 1 || high.get().size() > 1) {
                    if (m.isEmpty() || low.map(List::size).orElse(0) > 1 || high.map(List::size).orElse(0) > 1) {
                        item.error("a list element is a number, {atLeast: N}, {atMost: N} or both");
                    }
                    ok = false;
                    continue;
                }
                elements.add(SysctlWant.Element.bounds(at(low.get(), 0), at(high.get(), 0)));
            } else {
                Optional<String> v = scalar(item);
                if (v.isEmpty()) {
                    ok = false;
                } else if (v.get().contains(" ")) {
                    item.error("one element per list item; found '" + v.get() + "'");
                    ok = false;
                } else {
                    elements.add(SysctlWant.Element.exact(v.get()));
                }
            }
        }
        if (!ok) {
            return Optional.empty();
        }
        if (elements.isEmpty()) {
            value.error("expected at least one element");
            return Optional.empty();
        }
        SysctlWant w = new SysctlWant(elements);
        return fits(key, w, value) ? Optional.of(w) : Optional.empty();
    }

    private static OptionalLong at(List<Long> list, int i) {
        return list.isEmpty() ? OptionalLong.empty() : OptionalLong.of(list.get(i));
    }

    /** One whole number or a space-separated tuple of them (hexadecimal allowed). */
    private static Optional<List<Long>> numbers(YamlNode node) {
        Optional<String> s = scalar(node);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        List<Long> out = new ArrayList<>();
        for (String t : s.get().split(" ")) {
            OptionalLong n = SysctlValue.number(t);
            if (n.isEmpty()) {
                node.error("a bound is a whole number (or one per element), found '" + s.get() + "'");
                return Optional.empty();
            }
            out.add(n.getAsLong());
        }
        return Optional.of(out);
    }

    /** The catalogue's shape and ranges, on every element; and the orders every kernel requires. */
    private static boolean fits(String key, SysctlWant want, YamlNode node) {
        for (SysctlWant.Element e : want.elements()) {
            if (e.atLeast().isPresent() && e.atMost().isPresent() && e.atLeast().getAsLong() > e.atMost().getAsLong()) {
                node.error("atLeast " + e.atLeast().getAsLong() + " is above atMost " + e.atMost().getAsLong());
                return false;
            }
        }
        Optional<SysctlCatalog.Shape> shape = SysctlCatalog.shape(key);
        if (shape.isEmpty()) {
            return true;
        }
        String text = want.text();
        List<String> tokens = new ArrayList<>();
        for (SysctlWant.Element e : want.elements()) {
            if (e.isExact()) {
                tokens.addAll(List.of(e.exact().split(" ")));
            } else {
                tokens.add(null); // a bound: its numbers are checked below
            }
        }
        if (tokens.size() != shape.get().count()) {
            node.error("expected " + shape.get().hint() + ", found '" + text + "'");
            return false;
        }
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            SysctlWant.Element e = want.elements().size() == tokens.size() ? want.elements().get(i) : null;
            List<Long> numbers = new ArrayList<>();
            if (tokens.get(i) != null) {
                OptionalLong n = SysctlValue.number(tokens.get(i));
                if (n.isEmpty()) {
                    node.error("expected " + shape.get().hint() + ", found '" + text + "'");
                    return false;
                }
                numbers.add(n.getAsLong());
                all.add(n.getAsLong());
            } else if (e != null) {
                e.atLeast().ifPresent(numbers::add);
                e.atMost().ifPresent(numbers::add);
            }
            for (long n : numbers) {
                if (n < shape.get().min() || n > shape.get().max()) {
                    node.error(n + " is out of range for " + key + " (" + shape.get().min() + ".." + shape.get().max() + ")");
                    return false;
                }
            }
        }
        if (all.size() == tokens.size()) {
            return SysctlOrder.check(key, all).map(why -> {
                node.error(why);
                return false;
            }).orElse(true);
        }
        return true; // bounded tuples are checked in order at plan, on the values they resolve to
    }
}
