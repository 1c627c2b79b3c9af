package dev.netune.setting.sysctl;

import dev.netune.plan.ChangeKind;
import dev.netune.fact.FactSource;
import dev.netune.fact.HostFacts;
import dev.netune.fact.Section;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.plan.NoOp;
import dev.netune.plan.PlanError;
import dev.netune.profile.YamlNode;
import dev.netune.setting.ChangeResult;
import dev.netune.setting.OwnedFile;
import dev.netune.setting.PlanContext;
import dev.netune.setting.SettingKind;
import dev.netune.setting.shared.Shared;
import dev.netune.setting.shared.SysctlFacts;
import dev.netune.setting.shared.SysctlValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Kernel sysctls: set live through /proc/sys and persisted in one file netune owns under
 * /etc/sysctl.d, which systemd-sysctl (or procps) loads at boot.
 */
public final class SysctlKind implements SettingKind<SysctlDesired> {
    /** Named to sort after 99-sysctl.conf (the /etc/sysctl.conf link), so our values win at boot. */
    public static final String PERSIST_FILE = SysctlFacts.PERSIST_FILE;
    public static final ChangeKind KIND = SysctlFacts.CHANGE_KIND;
    public static final ChangeKind FILE_KIND = ChangeKind.of("sysctl-file");
    static final String FILE_HEADER = OwnedFile.header("the profile");

    @Override
    public String key() {
        return "sysctl";
    }

    /** {@code softirq: {budget, budgetUsecs}}: ksoftirqd's per-run packet and time budget. */
    @Override
    public List<String> shorthandKeys() {
        return List.of("softirq");
    }

    @Override
    public Optional<SysctlDesired> loadShorthand(String key, YamlNode node) {
        int before = node.problems().list().size();
        SortedMap<String, String> values = new TreeMap<>();
        Map<String, String> names = Map.of("budget", "net.core.netdev_budget",
                "budgetUsecs", "net.core.netdev_budget_usecs");
        for (var e : node.mapping(List.of("budget", "budgetUsecs")).entrySet()) {
            String sysctl = names.get(e.getKey());
            if (sysctl != null) {
                validate(sysctl, e.getValue()).ifPresent(v -> values.put(sysctl, v));
            }
        }
        return node.problems().list().size() > before ? Optional.empty() : Optional.of(new SysctlDesired(values));
    }

    /** Live values go back to what they were; the file goes back to its old text, or away. */
    @Override
    public Optional<Change> revert(Change applied) {
        if (applied.is(KIND) && applied.before() == null) {
            return Optional.empty();
        }
        return Optional.of(new Change(applied.kind(), applied.target(), applied.after(), applied.before(),
                List.of("rollback")));
    }

    @Override
    public void share(SysctlDesired desired, PlanContext.Builder context) {
        context.put(Shared.WANTED_SYSCTLS, new Shared.WantedSysctls(desired.values()));
    }

    @Override
    public boolean owns(Change change) {
        return change.is(KIND) || change.is(FILE_KIND);
    }

    @Override
    public Optional<SysctlDesired> load(YamlNode node) {
        int before = node.problems().list().size();
        SortedMap<String, String> values = new TreeMap<>();
        for (var e : node.mapping().entrySet()) {
            validate(e.getKey(), e.getValue()).ifPresent(v -> values.put(e.getKey(), v));
        }
        return node.problems().list().size() > before ? Optional.empty() : Optional.of(new SysctlDesired(values));
    }

    /** Checks one key and value; returns the normalised value or reports why not. */
    private Optional<String> validate(String key, YamlNode value) {
        if (!SysctlValue.KEY.matcher(key).matches()) {
            value.keyError("'" + key + "' is not a sysctl name (dotted lowercase words, e.g. net.core.somaxconn)");
            return Optional.empty();
        }
        if (value.isNull()) {
            value.error("expected a value, found nothing");
            return Optional.empty();
        }
        if (value.isBooleanScalar()) {
            value.error("sysctls take numbers: write 1 or 0, not " + value.string().orElse(""));
            return Optional.empty();
        }
        if (!value.isScalar()) {
            value.error("a sysctl value is a number or a string such as \"10000 65000\"");
            return Optional.empty();
        }
        String raw = value.string().orElse("");
        if (!SysctlValue.VALUE.matcher(raw).matches() || raw.isBlank()) {
            value.error("value '" + raw + "' is not allowed: sysctl values are numbers and words"
                    + " (letters, digits, spaces and . , : / + = @ _ -)");
            return Optional.empty();
        }
        String normalized = SysctlValue.normalize(raw);
        Optional<SysctlCatalog.Shape> shape = SysctlCatalog.shape(key);
        if (shape.isPresent() && !fitsShape(normalized, shape.get(), key, value)) {
            return Optional.empty();
        }
        Optional<List<String>> words = SysctlCatalog.words(key);
        if (words.isPresent() && !words.get().contains(normalized)) {
            // kernels can carry more modules than we know: say what we know, but only warn-level
            // strictness would hide typos, so refuse and name the known values
            value.error("'" + normalized + "' is not a known value of " + key + "; known: "
                    + String.join(", ", words.get()));
            return Optional.empty();
        }
        return Optional.of(normalized);
    }

    private static boolean fitsShape(String normalized, SysctlCatalog.Shape shape, String key, YamlNode node) {
        String[] parts = normalized.split(" ");
        if (parts.length != shape.count()) {
            node.error("expected " + shape.hint() + ", found '" + normalized + "'");
            return false;
        }
        long[] numbers = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                numbers[i] = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) {
                node.error("expected " + shape.hint() + ", found '" + normalized + "'");
                return false;
            }
            if (numbers[i] < shape.min() || numbers[i] > shape.max()) {
                node.error(numbers[i] + " is out of range for " + key + " (" + shape.min() + ".." + shape.max() + ")");
                return false;
            }
        }
        if (key.equals("net.ipv4.ip_local_port_range") && numbers[0] > numbers[1]) {
            node.error("port range low end " + numbers[0] + " is above high end " + numbers[1]);
            return false;
        }
        if (shape.count() == 3 && key.startsWith("net.ipv4.tcp_") && !(numbers[0] <= numbers[1] && numbers[1] <= numbers[2])) {
            node.error("values must not decrease (min <= default <= max), found '" + normalized + "'");
            return false;
        }
        return true;
    }

    @Override
    public SysctlDesired merge(SysctlDesired base, SysctlDesired override) {
        SortedMap<String, String> merged = new TreeMap<>(base.values());
        merged.putAll(override.values());
        return new SysctlDesired(merged);
    }

    @Override
    public List<FactSource<?>> facts(SysctlDesired desired) {
        return List.of(SysctlFacts.source(new TreeSet<>(desired.values().keySet())));
    }

    @Override
    public List<FactSource<?>> defaultFacts() {
        return List.of(SysctlFacts.source(new TreeSet<>(SysctlCatalog.COMMON)));
    }

    /** The source whose parsed facts {@link #plan} reads; same id as any keyed source. */
    static final FactSource<SysctlFacts> FACTS = SysctlFacts.source(new TreeSet<>());

    @Override
    public void plan(SysctlDesired desired, HostFacts facts, HostPlan.Builder out) {
        SysctlFacts live = facts.get(FACTS);
        boolean anyMissing = false;
        java.util.Set<String> skipped = new java.util.HashSet<>();
        for (Map.Entry<String, String> e : desired.values().entrySet()) {
            String key = e.getKey();
            String want = e.getValue();
            SysctlFacts.Reading r = live.values().get(key);
            if ((r == null || r.status() == SysctlFacts.Reading.Status.MISSING) && key.startsWith("net.")
                    && SysctlCatalog.isGlobal(key)) {
                // global net.core keys are only visible in the initial network namespace: a container
                out.warning(key + " is global to the kernel and not visible here (a container's network namespace?);"
                        + " not managed on this host");
                skipped.add(key);
            } else if (r == null || r.status() == SysctlFacts.Reading.Status.MISSING) {
                out.error(new PlanError(KIND, key, key + " does not exist on this host (kernel "
                        + facts.host().kernel() + "); a module may be missing or the key misspelt"));
                anyMissing = true;
            } else if (r.status() == SysctlFacts.Reading.Status.UNREADABLE) {
                out.error(new PlanError(KIND, key, "cannot read " + key + ": " + r.value().strip()));
                anyMissing = true;
            } else if (SysctlValue.same(r.value(), want)) {
                out.noop(new NoOp(KIND, key, key + " is already " + want));
            } else {
                List<String> notes = SysctlCatalog.isGlobal(key)
                        ? List.of("global to the kernel, not per network namespace") : List.of();
                out.change(new Change(KIND, key, SysctlValue.normalize(r.value()), want, notes));
            }
        }
        if (anyMissing || desired.values().isEmpty()) {
            return;
        }
        SortedMap<String, String> persisted = new TreeMap<>(desired.values());
        persisted.keySet().removeAll(skipped);
        String content = persistedContent(new SysctlDesired(persisted));
        Optional<String> current = live.persistedFile();
        if (current.isPresent() && OwnedFile.sameContent(current.get(), content)) {
            out.noop(new NoOp(FILE_KIND, PERSIST_FILE, PERSIST_FILE + " already holds these values"));
        } else {
            out.change(new Change(FILE_KIND, PERSIST_FILE, current.orElse(null), content,
                    List.of("persists the values across reboots")));
        }
    }

    /** The persistence file's whole text: a header, then one sorted {@code key = value} per line. */
    static String persistedContent(SysctlDesired desired) {
        StringBuilder sb = new StringBuilder(FILE_HEADER).append('\n');
        desired.values().forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        return sb.toString();
    }

    @Override
    public String applyScript(List<Change> changes) {
        return SysctlApply.applyScript(changes);
    }

    @Override
    public String expectScript(List<Change> changes) {
        return SysctlApply.expectScript(changes);
    }

    @Override
    public List<ChangeResult> verify(List<Change> changes, List<Section> sections) {
        return SysctlApply.verify(changes, sections);
    }
}
