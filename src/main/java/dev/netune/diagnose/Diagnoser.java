package dev.netune.diagnose;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The pure analysis: two samples of a host's counters in, findings out, most severe first.
 * Every rule turns counter growth into a rate per second and names the one knob that counter
 * asks for, with its current value and a concrete new one. The rules live in {@link DropRules},
 * {@link QueueRules}, {@link IrqRules},
 * {@link ChurnRules}, {@link SocketRules}, {@link ConntrackRules} and {@link CpuRules}; their thresholds are here.
 */
public final class Diagnoser {
    /** ethtool -S counters that mean "the NIC had no free RX descriptor": the ring was full. */
    static final List<String> RING_COUNTERS = List.of("rx_missed_errors", "rx_no_buffer_count", "rx_out_of_buffer",
            "rx_no_dma_resources", "rx_fifo_errors", "port.rx_dropped", "rx_drops");
    /** virtio_net per-queue drops: rx_queue_0_drops (older kernels), rx0_drops (6.x). */
    static final Pattern VIRTIO_QUEUE_DROPS = Pattern.compile("rx_queue_\\d+_drops|rx\\d+_drops");
    /** ENA: the cloud's per-instance limits, not anything on the host. */
    static final List<String> ENA_ALLOWANCES = List.of("bw_in_allowance_exceeded", "bw_out_allowance_exceeded",
            "pps_allowance_exceeded", "conntrack_allowance_exceeded", "linklocal_allowance_exceeded");

    static final int SOMAXCONN_FLOOR = 4096;
    static final int SOMAXCONN_CEILING = 65535;
    static final String WIDE_PORT_RANGE = "10000 64999"; // ends of different parity, as the kernel prefers
    static final double HANDSHAKES_PER_SECOND = 1000;
    static final double IRQ_MIN_RATE = 100;

    private Diagnoser() {
    }

    /** All findings for one host, ranked: severity, then the fastest-growing counter first. */
    public static List<Finding> diagnose(CounterFacts f) {
        List<Finding> out = new ArrayList<>();
        double s = f.seconds();
        DropRules.nicDrops(f, s, out);
        DropRules.softnet(f, s, out);
        QueueRules.acceptQueue(f, s, out);
        QueueRules.ports(f, out);
        QueueRules.timeWaitOverflow(f, s, out);
        IrqRules.irqs(f, s, out);
        RssRules.imbalance(f, s, out);
        QueueRules.fileNr(f, out);
        ChurnRules.handshakes(f, s, out);
        ChurnRules.retransmits(f, s, out);
        SocketRules.receiveQueues(f, s, out);
        SocketRules.synCookies(f, s, out);
        SocketRules.udpBuffers(f, s, out);
        ConntrackRules.conntrack(f, s, out);
        CpuRules.netRx(f, s, out);
        out.sort(Comparator.comparing(Finding::severity).thenComparing(Comparator.comparingDouble((Finding x) -> x.rate()).reversed())
                .thenComparing(Finding::code));
        return out;
    }

    /** Growth of a counter; 0 when either reading is missing or it went down (reset, wrap). */
    static long delta(Long before, Long after) {
        if (before == null || after == null || after < before) {
            return 0;
        }
        return after - before;
    }
}
