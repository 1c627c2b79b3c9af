package dev.netune.report;

import dev.netune.plan.ChangeKind;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.engine.Target;
import dev.netune.fact.FactSource;
import dev.netune.fact.Gather;
import dev.netune.fact.HostFacts;
import dev.netune.inventory.Host;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.plan.NoOp;
import dev.netune.plan.PlanError;
import dev.netune.profile.DesiredState;
import dev.netune.setting.ChangeResult;
import dev.netune.setting.sysctl.SysctlDesired;
import dev.netune.setting.sysctl.SysctlKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Outcomes built by hand, as the engine would produce them. */
final class Fixtures {
    static final String FILE = "/etc/sysctl.d/99-zz-netune.conf";
    static final String HEADER = "# Managed by netune. Do not edit: `netune apply` rewrites this file.\n"
            + "# Change the profile instead; `netune drift` reports edits made here.\n";
    static final String GLOBAL = "global to the kernel, not per network namespace";
    static final String PERSISTS = "persists the values across reboots";

    static final Change SOMAXCONN = new Change(ChangeKind.of("sysctl"), "net.core.somaxconn", "4096", "8192");
    static final Change BACKLOG = new Change(ChangeKind.of("sysctl"), "net.core.netdev_max_backlog", "1000", "16384", List.of(GLOBAL));
    static final Change CREATE_FILE = new Change(ChangeKind.of("sysctl-file"), FILE, null,
            HEADER + "net.core.netdev_max_backlog = 16384\nnet.core.somaxconn = 8192\n", List.of(PERSISTS));
    static final Change UPDATE_FILE = new Change(ChangeKind.of("sysctl-file"), FILE,
            HEADER + "net.core.somaxconn = 1024\nvm.swappiness = 10",
            HEADER + "net.core.somaxconn = 8192\n", List.of(PERSISTS));
    static final NoOp RANGE_OK = new NoOp(ChangeKind.of("sysctl"), "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_local_port_range is already 10000 65000");
    static final PlanError RECYCLE = new PlanError(ChangeKind.of("sysctl"), "net.ipv4.tcp_tw_recycle",
            "net.ipv4.tcp_tw_recycle does not exist on this host (kernel 6.1.0-18-amd64); a module may be missing"
                    + " or the key misspelt");

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void add(Gather g, FactSource s) {
        g.add(s);
    }

    private Fixtures() {
    }

    static Target target(String name, String address) {
        return Target.of(new Host(name, address, 22, "root", null, Path.of("/root/.ssh/known_hosts"), false,
                List.of("web"), List.of()), DesiredState.EMPTY);
    }

    static HostPlan plan(List<Change> changes, List<NoOp> unchanged, List<PlanError> errors, List<String> warnings) {
        return new HostPlan(changes, unchanged, errors, warnings);
    }

    static HostOutcome outcome(Target t, HostStatus status, HostPlan plan, String message) {
        return new HostOutcome(t, status, null, plan, List.of(), message);
    }

    static HostOutcome applied(Target t, HostStatus status, HostPlan plan, List<ChangeResult> results, String message) {
        return new HostOutcome(t, status, null, plan, results, message);
    }

    static HostFacts facts(String sections) throws Exception {
        Gather g = new Gather();
        for (FactSource<?> s : new SysctlKind().defaultFacts()) {
            add(g, s);
        }
        return g.parse("@@netune host\nhostname=web-1\nkernel=6.1.0-18-amd64\nuid=0\n" + sections
                + "@@netune end\n");
    }
}
