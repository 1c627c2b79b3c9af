package dev.netune.setting.shared;

import dev.netune.fact.FactSource;
import dev.netune.fact.Section;
import dev.netune.transport.ShellScript;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The qdiscs a host's kernel has, built in or loadable, and the verdict on a wanted one: shared by
 * the sysctl kind (net.core.default_qdisc) and the nics kind (a NIC's root qdisc). Empty modules
 * when the host has no /lib/modules tree for its kernel (a container): then nobody can tell.
 */
public record QdiscModules(Optional<Set<String>> modules) {
    /** Qdiscs every kernel has built in (net/sched/Makefile: sch_generic, sch_mq, and sch_fifo with NET_SCHED). */
    public static final Set<String> BUILTIN = Set.of("pfifo_fast", "noqueue", "mq", "pfifo", "bfifo", "pfifo_head_drop");
    static final String KIND = "qdisc-modules";

    public QdiscModules {
        modules = modules.map(Set::copyOf);
    }

    public static final FactSource<QdiscModules> SOURCE = new FactSource<>() {
        @Override
        public String id() {
            return KIND;
        }

        @Override
        public String script() {
            return ShellScript.library("read-line") + ShellScript.library("kernel-modules") + ShellScript.call("netune_qdisc_modules");
        }

        @Override
        public QdiscModules parse(List<Section> sections) {
            for (Section s : sections) {
                if (s.kind().equals(KIND) && s.arg(0).equals("known")) {
                    return new QdiscModules(Optional.of(new TreeSet<>(s.body().lines().map(String::strip)
                            .filter(l -> !l.isEmpty()).toList())));
                }
            }
            return new QdiscModules(Optional.empty());
        }
    };

    /** The host's verdict on a qdisc: refused (an error), unsure (a warning), or fine. */
    public record Verdict(boolean refused, String message) {
    }

    /** Empty when the kernel has the qdisc built in or can load it. */
    public Optional<Verdict> verdict(String qdisc) {
        if (BUILTIN.contains(qdisc)) {
            return Optional.empty();
        }
        String module = "sch_" + qdisc;
        if (modules.isEmpty()) {
            return Optional.of(new Verdict(false, "cannot tell whether the kernel can load qdisc '" + qdisc
                    + "': no /lib/modules on this host (a container?)"));
        }
        if (modules.get().contains(module)) {
            return Optional.empty(); // loadable: tc loads it on first use
        }
        SortedSet<String> known = new TreeSet<>(BUILTIN);
        modules.get().stream().filter(m -> m.startsWith("sch_")).forEach(m -> known.add(m.substring(4)));
        return Optional.of(new Verdict(true, "qdisc '" + qdisc + "' is not built into this kernel nor loadable as "
                + module + "; this kernel has: " + String.join(" ", known)));
    }
}
