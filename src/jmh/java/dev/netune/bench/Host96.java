package dev.netune.bench;

import dev.netune.fact.Gather;
import dev.netune.fact.HostFacts;
import dev.netune.fact.nic.NicFacts;
import dev.netune.fact.nic.NicGather;
import dev.netune.profile.DesiredState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.SortedMap;

/**
 * A synthetic but realistic big host for the JMH benchmarks: 96 CPUs, 4 i40e NICs (eth0..eth3)
 * with 24 combined queues each, built from the real captures in src/test/resources/captures/
 * (i40e ethtool -i/-g/-l, mlx5_core -c, virtio_net -k; the i40e "Combined" counts set to 24), a
 * /proc/interrupts with 96 CPU columns (per NIC a misc vector and 24 TxRx vectors, plus the usual
 * per-CPU rows), and the sysctls of a web-server-like profile. {@link #text} is exactly what the
 * gather script prints on such a host for {@link #desired}.
 */
public final class Host96 {
    public static final int CPUS = 96;
    public static final int NICS = 4;
    public static final int QUEUES = 24;

    static final String PROFILE = """
            name: big-host
            sysctl:
              net.core.somaxconn: 65535
              net.ipv4.tcp_max_syn_backlog: 65535
              net.core.netdev_max_backlog: 16384
              net.ipv4.tcp_fastopen: 3
              net.ipv4.ip_local_port_range: "10000 65000"
              net.ipv4.tcp_tw_reuse: 1
              net.ipv4.tcp_fin_timeout: 15
              net.core.rmem_max: 16777216
              net.core.wmem_max: 16777216
              net.ipv4.tcp_rmem: "4096 131072 16777216"
              net.ipv4.tcp_wmem: "4096 65536 16777216"
              net.ipv4.tcp_slow_start_after_idle: 0
            nics:
              - match: {name: "eth*", driver: i40e}
                ring: {rx: max, tx: max}
                channels: {combined: 16}
                coalesce: {adaptive-rx: off, rx-usecs: 50}
                offload: {gro: on, lro: off}
            """;
    static final String[][] SYSCTLS = {
            {"net.core.netdev_max_backlog", "1000"}, {"net.core.rmem_max", "212992"},
            {"net.core.somaxconn", "4096"}, {"net.core.wmem_max", "212992"},
            {"net.ipv4.ip_local_port_range", "32768\t60999"}, {"net.ipv4.tcp_fastopen", "1"},
            {"net.ipv4.tcp_fin_timeout", "60"}, {"net.ipv4.tcp_max_syn_backlog", "2048"},
            {"net.ipv4.tcp_rmem", "4096\t131072\t6291456"}, {"net.ipv4.tcp_slow_start_after_idle", "1"},
            {"net.ipv4.tcp_tw_reuse", "2"}, {"net.ipv4.tcp_wmem", "4096\t16384\t4194304"},
    };

    public final DesiredState desired;
    public final Gather gather;
    public final String text;

    public Host96() {
        try {
            Path p = Files.createTempFile("big-host", ".yaml");
            Files.writeString(p, PROFILE);
            desired = Scripts.desired(p);
            Files.delete(p);
        } catch (Exception e) {
            throw new IllegalStateException("bench profile: " + e.getMessage(), e);
        }
        gather = Scripts.gather(desired);
        text = build();
    }

    /** Parses {@link #text} once and checks it is what a real gather of such a host gives. */
    public HostFacts check() throws Gather.IncompleteFactsException {
        HostFacts facts = gather.parse(text);
        SortedMap<String, NicFacts> nics = NicGather.parse(dev.netune.fact.GatherOutput.split(text));
        if (nics.size() != NICS) {
            throw new IllegalStateException("parsed " + nics.size() + " NICs");
        }
        for (NicFacts n : nics.values()) {
            if (n.queueIrqs().size() != QUEUES) {
                throw new IllegalStateException(n.name() + ": " + n.queueIrqs().size() + " queue IRQs matched, want " + QUEUES);
            }
        }
        return facts;
    }

    private static String build() {
        StringBuilder sb = new StringBuilder();
        sb.append("@@netune host\nhostname=big-host\nkernel=6.1.0-28-amd64\nuid=0\n");
        for (String[] kv : SYSCTLS) {
            sb.append("@@netune sysctl ").append(kv[0]).append(" present\n").append(kv[1]).append('\n');
        }
        sb.append("@@netune file /etc/sysctl.d/99-zz-netune.conf absent\n");
        String ethI = capture("i40e/ethtool-i.txt");
        String ethG = capture("i40e/ethtool-g.txt");
        String ethL = capture("i40e/ethtool-l.txt").replaceAll("Combined:\\s+\\d+", "Combined:       " + QUEUES);
        String ethC = capture("mlx5_core/ethtool-c.txt");
        String ethK = capture("virtio_net/ethtool-k.txt");
        int irq = 200;
        int[] firstIrq = new int[NICS];
        for (int n = 0; n < NICS; n++) {
            String iface = "eth" + n;
            String bus = "0000:3b:00." + n;
            firstIrq[n] = irq;
            StringBuilder msi = new StringBuilder();
            for (int q = 0; q <= QUEUES; q++) {
                msi.append(q == 0 ? "" : " ").append(irq + q);
            }
            irq += QUEUES + 1;
            sb.append("@@netune nic ").append(iface).append(" sys\n")
                    .append("mtu=1500\noperstate=up\naddress=3c:fd:fe:00:00:0").append(n).append("\ntype=1\nis_virtual=0\n")
                    .append("mtu_range=68 9702\ndriver=i40e\nbus=").append(bus).append('\n')
                    .append("numa_node=").append(n / 2).append("\nlocal_cpulist=").append(n / 2 == 0 ? "0-23,48-71" : "24-47,72-95")
                    .append("\nmsi_irqs=").append(msi).append('\n')
                    .append("rx_queues=").append(QUEUES).append("\ntx_queues=").append(QUEUES).append('\n');
            String[][] q = {{"i", ethI}, {"g", ethG}, {"l", ethL}, {"c", ethC}, {"k", ethK}};
            for (String[] e : q) {
                sb.append("@@netune nic ").append(iface).append(" ethtool-").append(e[0]).append(" 0\n")
                        .append(e[1].replaceAll("(parameters|Features) for [^:]+:", "$1 for " + iface + ":")
                                .replace("0001:03:00.0", bus));
                if (!e[1].endsWith("\n")) {
                    sb.append('\n');
                }
            }
        }
        sb.append("@@netune interrupts\n").append(interrupts(firstIrq)).append("@@netune end\n");
        return sb.toString();
    }

    private static String interrupts(int[] firstIrq) {
        Random r = new Random(96);
        StringBuilder sb = new StringBuilder("    ");
        for (int c = 0; c < CPUS; c++) {
            sb.append(String.format("%11s", "CPU" + c));
        }
        sb.append('\n');
        String[] legacy = {"0:IO-APIC    2-edge      timer", "8:IO-APIC    8-edge      rtc0",
                "9:IO-APIC    9-fasteoi   acpi", "16:IO-APIC   16-fasteoi   ehci_hcd:usb1"};
        for (String l : legacy) {
            String[] p = l.split(":", 2);
            row(sb, String.format("%4s", p[0]), r, p[1]);
        }
        for (int n = 0; n < NICS; n++) {
            String bus = "0000:3b:00." + n;
            int hw = 1_572_864 + n * 65536;
            row(sb, String.format("%4d", firstIrq[n]), r, "IR-PCI-MSI " + hw + "-edge      i40e-" + bus + ":misc");
            for (int q = 0; q < QUEUES; q++) {
                row(sb, String.format("%4d", firstIrq[n] + 1 + q), r,
                        "IR-PCI-MSI " + (hw + 1 + q) + "-edge      i40e-eth" + n + "-TxRx-" + q);
            }
        }
        for (String s : new String[] {"NMI:Non-maskable interrupts", "LOC:Local timer interrupts",
                "SPU:Spurious interrupts", "PMI:Performance monitoring interrupts", "IWI:IRQ work interrupts",
                "RES:Rescheduling interrupts", "CAL:Function call interrupts", "TLB:TLB shootdowns",
                "MCP:Machine check polls"}) {
            String[] p = s.split(":", 2);
            row(sb, p[0], r, "  " + p[1]);
        }
        sb.append(" ERR:          0\n MIS:          0\n");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, Random r, String tail) {
        sb.append(label).append(':');
        for (int c = 0; c < CPUS; c++) {
            sb.append(String.format("%11d", r.nextInt(1_000_000)));
        }
        sb.append("   ").append(tail).append('\n');
    }

    static String capture(String file) {
        try (InputStream in = Host96.class.getResourceAsStream("/captures/drivers/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("missing capture " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints the synthetic gather text and a check, for eyeballing. */
    public static void main(String[] args) throws Exception {
        Host96 h = new Host96();
        h.check();
        System.out.print(args.length > 0 ? h.text : "");
        System.out.println("ok: " + h.text.length() + " chars, plan: " + Scripts.plan(h.desired, h.check()).changes().size() + " changes");
    }
}
