package dev.netune.setting.sysctl;

import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.plan.NoOp;
import dev.netune.plan.PlanError;
import dev.netune.setting.shared.SysctlFacts;
import dev.netune.setting.shared.SysctlValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Plans one host's sysctls key by key: what each want leaves on this host (a bound keeps a value
 * already inside it), whether the host allows it, and what the kernel's default is; collects the
 * values the plan leaves for the cross-key rules and the persistence file.
 */
final class SysctlPlanner {
    private static final SysctlFacts.Reading ABSENT = new SysctlFacts.Reading(SysctlFacts.Reading.Status.MISSING, "");

    private final SysctlFacts live;
    private final SysctlHostFacts host;
    private final String kernel;
    private final HostPlan.Builder out;
    private final SortedMap<String, String> held = new TreeMap<>();
    private boolean failed;
    private boolean nicQdisc;

    SysctlPlanner(SysctlFacts live, SysctlHostFacts host, String kernel, HostPlan.Builder out) {
        this.live = live;
        this.host = host;
        this.kernel = kernel;
        this.out = out;
    }

    /** Whether the profile's nics rules set a qdisc per NIC (then the default_qdisc note says those are covered). */
    SysctlPlanner nicQdisc(boolean set) {
        this.nicQdisc = set;
        return this;
    }

    /** Key to the value the plan leaves, for every key this host manages. */
    SortedMap<String, String> held() {
        return held;
    }

    /** Whether a key could not be planned (the plan then writes no persistence file). */
    boolean failed() {
        return failed;
    }

    void plan(String key, SysctlWant want) {
        SysctlFacts.Reading r = live.values().getOrDefault(key, ABSENT);
        if (r.status() == SysctlFacts.Reading.Status.MISSING && key.startsWith("net.") && SysctlCatalog.isGlobal(key)) {
            // global net.core keys are only visible in the initial network namespace: a container
            out.warning(key + " is global to the kernel and not visible here (a container's network namespace?);"
                    + " not managed on this host");
            return;
        }
        if (r.status() == SysctlFacts.Reading.Status.MISSING) {
            fail(key, SysctlHostChecks.missing(key, kernel, host));
            return;
        }
        if (r.status() == SysctlFacts.Reading.Status.UNREADABLE) {
            fail(key, "cannot read " + key + ": " + r.value().strip());
            return;
        }
        SysctlWant.Resolution res = want.resolve(r.value());
        if (res.value().isEmpty()) {
            fail(key, key + ": " + res.failure());
            return;
        }
        String value = res.value().get();
        Optional<String> order = SysctlOrder.check(key, numbers(value));
        if (order.isPresent()) {
            fail(key, key + " would become '" + value + "' on this host: " + order.get());
            return;
        }
        if (!host.congestionControls().isEmpty()) { // the host's allowed values were read
            Optional<SysctlHostChecks.Verdict> v = SysctlHostChecks.allowed(key, value, host);
            if (v.isPresent() && v.get().refused()) {
                fail(key, v.get().message());
                return;
            }
            v.ifPresent(x -> out.warning(key + ": " + x.message()));
        }
        restated(key, want);
        SysctlHostChecks.noEffect(key).ifPresent(out::warning);
        held.put(key, value);
        String before = SysctlValue.normalize(r.value());
        if (SysctlValue.same(before, value)) {
            out.noop(new NoOp(SysctlFacts.CHANGE_KIND, key, res.kept().isEmpty()
                    ? key + " is already " + value : key + " " + String.join(", ", res.kept())));
            return;
        }
        List<String> notes = new ArrayList<>(res.moved());
        notes.addAll(res.kept());
        if (key.equals("net.core.default_qdisc")) {
            // net.rst default_qdisc: "The default queuing discipline to use for network devices";
            // it is attached when a device is registered, so devices that exist keep theirs
            notes.add(nicQdisc
                    ? "existing devices keep their qdisc, except NICs the profile's nics rules give a qdisc: key;"
                            + " new devices get it"
                    : "existing devices keep their qdisc; new devices get it (set it on existing NICs with the nics"
                            + " rules' qdisc: {root: " + value + "} key)");
        }
        if (SysctlCatalog.isGlobal(key)) {
            notes.add("global to the kernel, not per network namespace");
        }
        KernelDefaults.of(key).ifPresent(d -> notes.add("kernel default " + d.text()));
        out.change(new Change(SysctlFacts.CHANGE_KIND, key, before, value, notes));
    }

    /** A plain value equal to a kernel default tunes nothing: say so, so the profile can drop it. */
    private void restated(String key, SysctlWant want) {
        if (!want.allExact()) {
            return;
        }
        KernelDefaults.of(key).ifPresent(d -> d.restatedBy(want.text()).ifPresent(which -> out.warning(key + " "
                + want.text() + " restates " + which + " (" + d.doc() + "): on such kernels the profile tunes nothing"
                + " here")));
    }

    private void fail(String key, String message) {
        out.error(new PlanError(SysctlFacts.CHANGE_KIND, key, message));
        failed = true;
    }

    private static List<Long> numbers(String value) {
        List<Long> out = new ArrayList<>();
        for (String t : value.split(" ")) {
            OptionalLong n = SysctlValue.number(t);
            if (n.isEmpty()) {
                return List.of();
            }
            out.add(n.getAsLong());
        }
        return out;
    }
}
