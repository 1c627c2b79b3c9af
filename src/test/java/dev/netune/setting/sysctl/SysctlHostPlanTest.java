package dev.netune.setting.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.FactSource;
import dev.netune.fact.Gather;
import dev.netune.kinds.Kinds;
import dev.netune.plan.HostPlan;
import dev.netune.profile.ProfileLoader;
import dev.netune.profile.ValidationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounds, host-allowed values, removed keys and cross-key rules planned against a real gather:
 * {@code captured/sysctl/container-6.18.txt}, read in an sshd test container on the 6.18 kernel of
 * the test machine with listeners on 40001/tcp and 40003/udp (its header says how).
 */
class SysctlHostPlanTest {
    private static final SysctlKind KIND = (SysctlKind) Kinds.all().stream()
            .filter(k -> k instanceof SysctlKind).findFirst().orElseThrow();

    @TempDir
    Path dir;

    private SysctlDesired load(String sysctlYaml) throws Exception {
        Path f = Files.writeString(dir.resolve("p.yaml"), "name: p\nsysctl:\n" + sysctlYaml);
        return ProfileLoader.merge(new ProfileLoader(Kinds.all()).loadAll(List.of(f))).get(KIND).orElseThrow();
    }

    private HostPlan plan(String sysctlYaml, String capture) throws Exception {
        return plan(load(sysctlYaml), capture);
    }

    private HostPlan plan(SysctlDesired desired, String capture) throws Exception {
        Gather g = new Gather();
        for (FactSource<?> s : KIND.facts(desired)) {
            add(g, s);
        }
        String text = Files.readString(Path.of(getClass().getClassLoader().getResource("captured/sysctl/" + capture).toURI()),
                StandardCharsets.UTF_8);
        HostPlan.Builder b = new HostPlan.Builder();
        KIND.plan(desired, g.parse(text), b);
        return b.build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void add(Gather g, FactSource s) {
        g.add(s);
    }

    private static String render(HostPlan p) {
        return SysctlGoldenTest.render(p);
    }

    @Test
    void aFloorKeepsAHigherHostValueAndSaysWhy() throws Exception {
        // 6.18 defaults tcp_rmem max to 32 MiB: a 16 MiB floor must keep it, not lower it
        HostPlan p = plan("  net.ipv4.tcp_rmem: [4096, 131072, {atLeast: 16777216}]\n", "container-6.18.txt");
        assertEquals(List.of(), p.errors());
        assertTrue(p.changes().stream().noneMatch(c -> c.target().equals("net.ipv4.tcp_rmem")), render(p));
        assertTrue(render(p).contains("= net.ipv4.tcp_rmem kept 33554432 (>= 16777216)"), render(p));
        // what boot restores is what the host holds now
        assertTrue(render(p).contains("+ net.ipv4.tcp_rmem = 4096 131072 33554432"), render(p));
    }

    @Test
    void anExactValueLowersTheNewerKernelsDefaultTheShippedThroughputProfileDoesNot() throws Exception {
        // the finding: an exact 16 MiB max lowers 6.16+'s 32 MiB default
        HostPlan exact = plan("  net.ipv4.tcp_rmem: \"4096 131072 16777216\"\n", "container-6.18.txt");
        assertTrue(render(exact).contains("~ sysctl net.ipv4.tcp_rmem: 4096 131072 33554432 -> 4096 131072 16777216"),
                render(exact));
        SysctlDesired shipped = ProfileLoader.merge(new ProfileLoader(Kinds.all())
                .loadAll(List.of(Path.of("profiles/high-throughput.yaml")))).get(KIND).orElseThrow();
        String text = render(plan(shipped, "container-6.18.txt"));
        assertTrue(text.contains("= net.ipv4.tcp_rmem kept 4096 (>= 4096), kept 131072 (>= 131072), kept 33554432 (>= 16777216)"),
                text);
    }

    @Test
    void aFloorRaisesALowerHostValue() throws Exception {
        HostPlan p = plan("  net.core.somaxconn: {atLeast: 65535}\n  net.ipv4.tcp_wmem: {atLeast: \"4096 65536 16777216\"}\n",
                "container-6.18.txt");
        String text = render(p);
        assertTrue(text.contains("~ sysctl net.core.somaxconn: 4096 -> 65535  (raised 4096 to the floor 65535)"), text);
        assertTrue(text.contains("~ sysctl net.ipv4.tcp_wmem: 4096 16384 4194304 -> 4096 65536 16777216  (raised 16384 to the"
                + " floor 65536)  (raised 4194304 to the floor 16777216)  (kept 4096 (>= 4096))"), text);
    }

    @Test
    void aCeilingLowersOnlyWhatIsAbove() throws Exception {
        HostPlan p = plan("  net.ipv4.tcp_keepalive_time: {atMost: 600}\n  net.ipv4.tcp_max_syn_backlog: {atMost: 4096}\n",
                "container-6.18.txt");
        String text = render(p);
        assertTrue(text.contains("~ sysctl net.ipv4.tcp_keepalive_time: 7200 -> 600  (lowered 7200 to the ceiling 600)"), text);
        assertTrue(text.contains("= net.ipv4.tcp_max_syn_backlog kept 2048 (<= 4096)"), text);
    }

    @Test
    void aMisspeltKeyGetsTheHostsOwnClosestKey() throws Exception {
        HostPlan p = plan("  net.ipv4.tcp_syncookie: 1\n", "container-6.18.txt");
        assertEquals("net.ipv4.tcp_syncookie does not exist on this host (kernel 6.18.44-fc-v657) (did you mean"
                + " net.ipv4.tcp_syncookies?)", p.errors().get(0).message());
    }

    @Test
    void aKeyThatStillExistsButDoesNothingIsFlagged() throws Exception {
        HostPlan p = plan("  net.ipv4.tcp_fack: 1\n", "container-6.18.txt");
        assertTrue(p.warnings().contains("net.ipv4.tcp_fack has no effect on this kernel (ip-sysctl.rst: \"a legacy option,"
                + " it has no effect anymore\"): drop it from the profile"), render(p));
    }

    @Test
    void hexIsTheNumberTheKernelReads() throws Exception {
        // ip-sysctl.rst writes tcp_fastopen flags in hex; the kernel parses base 0 and shows decimal
        HostPlan p = plan("  net.ipv4.tcp_fastopen: 0x403\n", "container-6.18.txt");
        assertTrue(render(p).contains("~ sysctl net.ipv4.tcp_fastopen: 1 -> 1027"), render(p));
    }

    @Test
    void aRestatedDefaultIsFlagged() throws Exception {
        HostPlan p = plan("  net.ipv4.tcp_syncookies: 1\n", "container-6.18.txt");
        assertTrue(p.warnings().contains("net.ipv4.tcp_syncookies 1 restates the kernel default (ip-sysctl.rst): on such"
                + " kernels the profile tunes nothing here"), p.warnings().toString());
    }

    @Test
    void aCongestionControlTheHostHasIsFineAnotherCannotBeCheckedWithoutModules() throws Exception {
        assertEquals(List.of(), plan("  net.ipv4.tcp_congestion_control: cubic\n", "container-6.18.txt").warnings());
        HostPlan p = plan("  net.ipv4.tcp_congestion_control: illinois\n", "container-6.18.txt");
        assertEquals(List.of(), p.errors());
        assertTrue(p.warnings().get(0).contains("cannot tell whether the kernel can load congestion control 'illinois': no"
                + " /lib/modules on this host (a container?) (available now: bbr cubic reno)"), p.warnings().toString());
    }

    @Test
    void tcpTwReuseWithoutTimestampsIsAnError() throws Exception {
        HostPlan p = plan("  net.ipv4.tcp_tw_reuse: 1\n  net.ipv4.tcp_timestamps: 0\n", "container-6.18.txt");
        assertEquals(1, p.errors().size(), render(p));
        assertTrue(p.errors().get(0).message().startsWith("tcp_tw_reuse=1 cannot work with tcp_timestamps=0"), render(p));
        // the host's timestamps=1 makes reuse fine
        assertEquals(List.of(), plan("  net.ipv4.tcp_tw_reuse: 1\n", "container-6.18.txt").errors());
    }

    @Test
    void aPortRangeOverListeningPortsWarnsAndProposesReservedPorts() throws Exception {
        HostPlan p = plan("  net.ipv4.ip_local_port_range: \"40000 65000\"\n", "container-6.18.txt");
        assertTrue(p.warnings().contains("net.ipv4.ip_local_port_range 40000 65000: both ends are even; ip-sysctl.rst: \"it is"
                + " better these numbers have different parity\" (connect() takes ports of one parity, bind() the other)"),
                p.warnings().toString());
        assertTrue(p.warnings().stream().anyMatch(w -> w.contains("covers ports services listen on here (40001/tcp,"
                + " 40003/udp)") && w.endsWith("net.ipv4.ip_local_reserved_ports: \"40001,40003\"")), p.warnings().toString());
        // a range ending below the listeners says nothing about them
        assertTrue(plan("  net.ipv4.ip_local_port_range: \"10000 39999\"\n", "container-6.18.txt").warnings().isEmpty());
    }

    @Test
    void synBacklogBelowSomaxconnAndAbortOnOverflowWarn() throws Exception {
        HostPlan p = plan("  net.core.somaxconn: 65535\n  net.ipv4.tcp_abort_on_overflow: 1\n", "container-6.18.txt");
        assertTrue(p.warnings().stream().anyMatch(w -> w.startsWith("net.ipv4.tcp_max_syn_backlog 2048 is below"
                + " net.core.somaxconn 65535")), p.warnings().toString());
        assertTrue(p.warnings().stream().anyMatch(w -> w.startsWith("net.ipv4.tcp_abort_on_overflow=1 resets")), p.warnings().toString());
    }

    @Test
    void offlineOnlyWhatNoKernelAcceptsIsRefused() throws Exception {
        load("  net.core.default_qdisc: fq_pie\n  net.ipv4.tcp_congestion_control: illinois\n");
        for (String bad : List.of("  net.ipv4.ip_local_port_range: \"-1 65000\"\n", "  net.core.somaxconn: lots\n",
                "  net.core.somaxconn: {atLeast: lots}\n", "  net.ipv4.tcp_rmem: [4096, {atLeast: 1, atMost: 0}, 1]\n",
                "  net.ipv4.tcp_rmem: [4096, 131072]\n", "  net.core.somaxconn: {atLeast: 1, exactly: 2}\n")) {
            try {
                load(bad);
                throw new AssertionError("accepted: " + bad);
            } catch (ValidationException expected) {
                // refused, with a message at the line
            }
        }
    }
}
