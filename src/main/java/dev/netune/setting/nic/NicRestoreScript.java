package dev.netune.setting.nic;

import dev.netune.fact.CpuSet;
import dev.netune.fact.nic.NicFacts;
import dev.netune.setting.OwnedFile;
import dev.netune.transport.Shell;
import dev.netune.transport.ShellScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * The restore script netune installs on a host ({@value NicBoot#SCRIPT}): it sources the
 * nic-restore function library (its own owned file, {@value NicBoot#LIBRARY}, the same on every
 * host), then defines {@code netune_settings} with one block per NIC the plan resolved (its values,
 * its queue IRQs by name) and one per profile rule for NICs the plan did not know (hot-plugged or
 * renamed), every value a quoted argument of a library function.
 */
final class NicRestoreScript {
    private NicRestoreScript() {
    }

    /** The library file as installed: the functions of every NIC's restore, whatever the profile. */
    static String library() {
        return OwnedFile.header("netune itself (this is the NIC restore library it ships)") + "\n"
                + "# The functions " + NicBoot.SCRIPT + " sources.\n" + ShellScript.library("nic-restore")
                + ShellScript.library("nic-knobs");
    }

    static String content(NicDesired desired, NicPlanner.HostResolution resolved, Map<String, NicFacts> nics) {
        StringBuilder sb = new StringBuilder("#!/bin/sh\n").append(OwnedFile.header("the netune profile"))
                .append("\n# shellcheck source=/dev/null\n. ").append(Shell.quote(NicBoot.LIBRARY)).append('\n');
        sb.append("netune_settings() {\n");
        for (NicPlanner.Resolved r : resolved.nics()) {
            String mac = nics.containsKey(r.nic())
                    ? nics.get(r.nic()).sys().value().flatMap(s -> s.address()).orElse("") : "";
            known(sb, r, mac);
        }
        desired.rules().forEach(rule -> rule(sb, rule));
        sb.append(":\n}\n");
        sb.append("netune_global() {\n");
        resolved.sockFlowEntries().ifPresent(f -> sb.append(ShellScript.call("netune_put",
                "net.core.rps_sock_flow_entries " + f, "/proc/sys/net/core/rps_sock_flow_entries", f)));
        sb.append(":\n}\n");
        return sb.append("netune_main \"$@\"\n").toString();
    }

    /** A NIC the plan resolved: its values as planned ("max" already a number), then its steering by IRQ name. */
    private static void known(StringBuilder sb, NicPlanner.Resolved r, String mac) {
        sb.append("if ").append(ShellScript.call("netune_known", r.nic(), mac).strip()).append("; then\n");
        if (r.hasErrors()) { // a NIC the plan refused gets nothing, as apply gave it nothing
            sb.append("return 0\nfi\n");
            return;
        }
        r.values().forEach((a, values) -> settings(sb, a, values));
        List<String> irqs = new ArrayList<>();
        r.steering().keySet().stream().filter(k -> k.startsWith("irq ")).forEach(k -> irqs.add(k.substring(4)));
        if (!r.steering().isEmpty()) {
            sb.append(ShellScript.call("netune_steer", irqs));
        }
        r.steering().forEach((k, v) -> sb.append(k.startsWith("irq ")
                ? ShellScript.call("netune_irq", k.substring(4), v)
                : ShellScript.call("netune_sysfs", k, v)));
        sb.append("return 0\nfi\n");
    }

    /**
     * A profile rule for a NIC the plan did not know: the values as written (the library resolves
     * "max"), IRQ affinity and RPS/XPS when the rule names CPUs; what needs the plan is recorded as
     * not restored, with the advice to run netune apply.
     */
    private static void rule(StringBuilder sb, NicRule rule) {
        if (rule.settings().isEmpty()) {
            return;
        }
        sb.append("if ").append(ShellScript.call("netune_rule", words(rule.match().names()), words(rule.match().drivers()),
                words(rule.exclude().names()), words(rule.exclude().drivers())).strip()).append("; then\n");
        rule.settings().byAttribute().forEach((a, values) -> {
            if (!a.isQueueSteering()) {
                settings(sb, a, values);
            }
        });
        SortedMap<String, String> irq = rule.settings().of(Attribute.IRQ_AFFINITY);
        if (irq.containsKey("cpus")) {
            sb.append(ShellScript.call("netune_rule_irq", QueuePlanner.CpuText.parse(irq.get("cpus")).cpus().stream()
                    .map(String::valueOf).collect(Collectors.joining(" "))));
        } else if (!irq.isEmpty()) {
            skip(sb, "irqAffinity policy " + irq.get("policy"));
        }
        SortedMap<String, String> rps = rule.settings().of(Attribute.RPS);
        if (rps.containsKey("cpus")) {
            sb.append(ShellScript.call("netune_rule_queues", "rx", "rps_cpus", mask(rps.get("cpus"))));
        }
        if (rps.containsKey("flowEntries")) {
            skip(sb, "rps flowEntries");
        }
        SortedMap<String, String> xps = rule.settings().of(Attribute.XPS);
        if (xps.containsKey("cpus")) {
            sb.append(ShellScript.call("netune_rule_queues", "tx", "xps_cpus", mask(xps.get("cpus"))));
        } else if (!xps.isEmpty()) {
            skip(sb, "xps policy " + xps.get("policy"));
        }
        sb.append("fi\n");
    }

    private static void skip(StringBuilder sb, String what) {
        sb.append(ShellScript.call("netune_skip", what,
                "resolved only by a plan on a NIC present at plan time: run netune apply"));
    }

    private static void settings(StringBuilder sb, Attribute a, SortedMap<String, String> values) {
        if (values.isEmpty()) {
            return;
        }
        if (a == Attribute.MTU) {
            sb.append(ShellScript.call("netune_mtu", values.get("mtu")));
            return;
        }
        if (a.isKnob()) {
            sb.append(NicKnobs.restoreLine(a, values));
            return;
        }
        if (a == Attribute.PAUSE) { // last of the link-resetting settings, written once the carrier is up
            sb.append(ShellScript.call("netune_pause", keyValues(values)));
            return;
        }
        if (a == Attribute.RSS) { // after channels (enum order), whose change resets the table on many drivers
            sb.append(ShellScript.call("netune_rss", NicCommands.rssWords(values)));
            return;
        }
        List<String> args = new ArrayList<>(List.of(a.yamlKey, a.ethtoolOption));
        args.addAll(keyValues(values));
        sb.append(ShellScript.call("netune_ethtool", args));
    }

    private static List<String> keyValues(SortedMap<String, String> values) {
        List<String> words = new ArrayList<>();
        values.forEach((k, v) -> {
            words.add(k);
            words.add(v);
        });
        return words;
    }

    /** A kernel CPU mask as rps_cpus/xps_cpus take it; a mask shorter than the host's is padded by the kernel. */
    private static String mask(String cpuList) {
        CpuSet cpus = QueuePlanner.CpuText.parse(cpuList);
        return cpus.toMask(cpus.isEmpty() ? 1 : cpus.cpus().get(cpus.size() - 1) + 1);
    }

    private static String words(List<String> list) {
        return String.join(" ", list);
    }
}
