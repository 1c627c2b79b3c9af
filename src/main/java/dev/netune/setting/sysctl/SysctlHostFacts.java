package dev.netune.setting.sysctl;

import dev.netune.setting.shared.SysctlFacts;
import dev.netune.setting.shared.SysctlValue;
import dev.netune.fact.FactSource;
import dev.netune.fact.Section;
import dev.netune.fact.TextFact;
import dev.netune.transport.ShellScript;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a host's kernel allows and runs beside its sysctl values, read in the same gather: the
 * congestion controls available now, the tcp_* and sch_* modules it has (loadable or built in;
 * empty when /lib/modules is absent, as in a container; read only when the profile sets a congestion
 * control or a default qdisc, the values checked against them, since on a host with /lib/modules it
 * costs five processes), the names in the /proc/sys directories of
 * the wanted keys (for "did you mean"), and the ports sockets listen on (when a port range is wanted).
 */
record SysctlHostFacts(Set<String> congestionControls, boolean modulesRead, Optional<Set<String>> modules,
                       SortedMap<String, SortedSet<String>> keysByDir, Optional<Set<String>> listening)
        implements TextFact {
    static final String SECTION_ALLOWED = "sysctl-allowed";
    static final String SECTION_KEYS = "sysctl-keys";
    static final String SECTION_LISTENING = "sysctl-listening";

    SysctlHostFacts {
        congestionControls = Set.copyOf(congestionControls);
        modules = modules.map(Set::copyOf);
        keysByDir = new TreeMap<>(keysByDir);
        listening = listening.map(Set::copyOf);
    }

    @Override
    public String toText() {
        return "congestion controls available: " + String.join(" ", new TreeSet<>(congestionControls)) + "\n"
                + (modulesRead ? "tcp/sch modules: " + modules.map(m -> String.join(" ", new TreeSet<>(m))).orElse("(unknown: no /lib/modules)") + "\n" : "")
                + listening.map(l -> "listening: " + String.join(", ", new TreeSet<>(l)) + "\n").orElse("");
    }

    /**
     * The source reading the directories of {@code keys} (each only when one of its wanted keys is
     * missing on the host), the kernel's modules when {@code keys} has a key whose values they decide,
     * and listening ports when {@code ports}.
     */
    static FactSource<SysctlHostFacts> source(SortedSet<String> keys, boolean ports) {
        SortedMap<String, SortedSet<String>> names = new TreeMap<>();
        for (String k : keys) {
            int dot = k.lastIndexOf('.');
            if (dot > 0) {
                names.computeIfAbsent(SysctlFacts.procSysPath(k.substring(0, dot)), d -> new TreeSet<>()).add(k.substring(dot + 1));
            }
        }
        return new Source(names, keys.stream().anyMatch(SysctlHostChecks::decidedByModules), ports);
    }

    /** {@code names}: per /proc/sys directory, the names of the wanted keys in it. */
    private record Source(SortedMap<String, SortedSet<String>> names, boolean modules, boolean ports)
            implements FactSource<SysctlHostFacts> {
        @Override
        public String id() {
            return "sysctl-host";
        }

        @Override
        public FactSource<SysctlHostFacts> mergeWith(FactSource<SysctlHostFacts> other) {
            Source o = (Source) other;
            SortedMap<String, SortedSet<String>> all = new TreeMap<>();
            for (SortedMap<String, SortedSet<String>> m : List.of(names, o.names)) {
                m.forEach((d, n) -> all.computeIfAbsent(d, x -> new TreeSet<>()).addAll(n));
            }
            return new Source(all, modules || o.modules, ports || o.ports);
        }

        @Override
        public String script() {
            StringBuilder sb = new StringBuilder(ShellScript.library("read-line"));
            if (modules) {
                sb.append(ShellScript.library("kernel-modules"));
            }
            sb.append(ShellScript.library("sysctl-host"));
            sb.append(modules ? ShellScript.call("netune_sysctl_allowed", "modules") : ShellScript.call("netune_sysctl_allowed"));
            names.forEach((d, n) -> {
                List<String> args = new java.util.ArrayList<>(List.of(d));
                args.addAll(n);
                sb.append(ShellScript.call("netune_sysctl_keys", args));
            });
            if (ports) {
                sb.append(ShellScript.call("netune_sysctl_listening"));
            }
            return sb.toString();
        }

        @Override
        public SysctlHostFacts parse(List<Section> sections) {
            Set<String> cc = new TreeSet<>();
            Set<String> modules = null;
            boolean modulesRead = false;
            SortedMap<String, SortedSet<String>> keys = new TreeMap<>();
            Set<String> listening = null;
            for (Section s : sections) {
                List<String> lines = s.body().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
                switch (s.kind()) {
                    case SECTION_ALLOWED -> {
                        if (s.arg(0).equals("cc")) {
                            lines.forEach(l -> cc.addAll(List.of(SysctlValue.WHITESPACE.split(l))));
                        } else if (s.arg(0).equals("modules")) {
                            modules = new TreeSet<>(lines);
                            modulesRead = true;
                        } else if (s.arg(0).equals("no-modules")) {
                            modulesRead = true;
                        }
                    }
                    case SECTION_KEYS -> keys.put(s.arg(0), new TreeSet<>(lines));
                    case SECTION_LISTENING -> listening = new TreeSet<>(lines);
                    default -> {
                    }
                }
            }
            return new SysctlHostFacts(cc, modulesRead, Optional.ofNullable(modules), keys, Optional.ofNullable(listening));
        }
    }
}
