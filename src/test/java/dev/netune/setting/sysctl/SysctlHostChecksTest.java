package dev.netune.setting.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.Gather;
import dev.netune.fact.HostFacts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The host's verdict on congestion controls and qdiscs, from {@code captured/sysctl/guest-6.1-host.txt}:
 * the reading of the QEMU test guest (Debian 6.1 with its modules; its header says how it was made).
 */
class SysctlHostChecksTest {
    private static SysctlHostFacts guest() throws Exception {
        Gather g = new Gather();
        g.add(SysctlHostFacts.source(new TreeSet<>(java.util.List.of("net.ipv4.tcp_syncookie")), true));
        String text = Files.readString(Path.of(SysctlHostChecksTest.class.getClassLoader()
                .getResource("captured/sysctl/guest-6.1-host.txt").toURI()), StandardCharsets.UTF_8);
        HostFacts f = g.parse("@@netune host\nhostname=guest\nkernel=6.1.0-50-amd64\nuid=0\n" + text + "@@netune end\n");
        return f.get(SysctlKind.HOST_FACTS);
    }

    /**
     * The modules (five processes on a host with /lib/modules) are read only for a profile with a key
     * whose values they decide; without one the reading neither asks nor claims to know them.
     */
    @Test
    void modulesAreReadOnlyForAKeyTheyDecide() throws Exception {
        for (String key : java.util.List.of("net.ipv4.tcp_congestion_control", "net.core.default_qdisc")) {
            String script = SysctlHostFacts.source(new TreeSet<>(java.util.List.of("net.core.somaxconn", key)), false).script();
            assertTrue(script.contains("\nnetune_sysctl_allowed 'modules'\n") && script.contains("netune_kernel_modules()"), script);
        }
        String script = SysctlHostFacts.source(new TreeSet<>(java.util.List.of("net.core.somaxconn")), false).script();
        assertTrue(script.contains("\nnetune_sysctl_allowed\n") && !script.contains("netune_kernel_modules()"), script);
        Gather g = new Gather().add(SysctlHostFacts.source(new TreeSet<>(java.util.List.of("net.core.somaxconn")), false));
        SysctlHostFacts read = g.parse("@@netune host\nhostname=h\nkernel=6.1\nuid=0\n@@netune sysctl-allowed cc\nreno cubic\n"
                + "@@netune end\n").get(SysctlKind.HOST_FACTS);
        assertEquals("congestion controls available: cubic reno\n", read.toText());
        assertTrue(guest().toText().contains("tcp/sch modules: "), guest().toText());
    }

    @Test
    void aLoadableCongestionControlIsAllowedThoughNotLoaded() throws Exception {
        SysctlHostFacts host = guest();
        assertEquals(new TreeSet<>(java.util.List.of("cubic", "reno")), new TreeSet<>(host.congestionControls()));
        assertEquals(Optional.empty(), SysctlHostChecks.allowed("net.ipv4.tcp_congestion_control", "illinois", host));
        assertEquals(Optional.empty(), SysctlHostChecks.allowed("net.ipv4.tcp_congestion_control", "bbr", host));
    }

    @Test
    void anUnknownCongestionControlIsRefusedNamingWhatTheKernelHas() throws Exception {
        SysctlHostChecks.Verdict v = SysctlHostChecks.allowed("net.ipv4.tcp_congestion_control", "bbr3", guest()).orElseThrow();
        assertTrue(v.refused());
        assertTrue(v.message().startsWith("congestion control 'bbr3' is not built into this kernel nor loadable as tcp_bbr3"
                + " (available now: cubic reno); this kernel has: "), v.message());
        assertTrue(v.message().contains(" illinois ") && !v.message().contains("diag"), v.message());
    }

    @Test
    void qdiscsFromModulesAndBuiltInsAreAllowedOthersRefused() throws Exception {
        SysctlHostFacts host = guest();
        for (String q : java.util.List.of("fq", "fq_codel", "codel", "fq_pie", "cake", "pfifo_fast", "noqueue")) {
            assertEquals(Optional.empty(), SysctlHostChecks.allowed("net.core.default_qdisc", q, host), q);
        }
        assertTrue(SysctlHostChecks.allowed("net.core.default_qdisc", "fq_codle", host).orElseThrow().refused());
    }

    @Test
    void missingKeysAreExplainedFromTheHostsOwnKeys() throws Exception {
        SysctlHostFacts host = guest();
        assertEquals("net.ipv4.tcp_syncookie does not exist on this host (kernel 6.1) (did you mean net.ipv4.tcp_syncookies?)",
                SysctlHostChecks.missing("net.ipv4.tcp_syncookie", "6.1", host));
        assertTrue(SysctlHostChecks.missing("net.ipv4.tcp_tw_recycle", "6.1", host).contains("removed in Linux 4.12"));
        assertEquals("net.ipv4.zzz does not exist on this host (kernel 6.1); a module may be missing or the key misspelt",
                SysctlHostChecks.missing("net.ipv4.zzz", "6.1", host));
    }
}
