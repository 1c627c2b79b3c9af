package dev.netune.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rss rule on the QEMU guest's real /proc/interrupts and ethtool -x (virtio_net eth1, 4 queue
 * vector pairs, 2 rings in use, 2 CPUs): the second sample is the first with receive interrupts
 * added per queue and CPU.
 */
class RssRulesTest {
    private static final String SYS = "driver=virtio_net\\nbus=virtio0\\nparent_bus=0000:02:00.0\\n"
            .replace("\\n", "\n") + "msi_irqs=35 36 37 38 39 40 41 42 43\nrx_queues=2\ntx_queues=2\n";

    private static String guest(String file) {
        try (InputStream in = RssRulesTest.class.getResourceAsStream("/captures/qemu-guest/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The guest's /proc/interrupts with virtio0-input.0 and .1 raised on CPU0 and CPU1. */
    private static String raised(long q0cpu0, long q0cpu1, long q1cpu0, long q1cpu1) {
        return guest("proc-interrupts.txt")
                .replaceFirst(" 36:          0          0 ", " 36: %10d %10d ".formatted(q0cpu0, q0cpu1))
                .replaceFirst(" 38:          0          0 ", " 38: %10d %10d ".formatted(q1cpu0, q1cpu1));
    }

    private static List<Finding> diagnose(String table, long q0cpu0, long q0cpu1, long q1cpu0, long q1cpu1) {
        String before = guest("proc-interrupts.txt");
        CounterFacts f = DiagnoserTest.quiet()
                .interrupts(before)
                .nic("eth1", SYS, guest("eth1-ethtool-g.txt"), guest("eth1-ethtool-l.txt"))
                .ethtool("eth1", "x", table)
                .sample(1, 1000, DiagnoserTest.SOFTNET, DiagnoserTest.SNMP, DiagnoserTest.SOCKSTAT, before)
                .sample(2, 1010, DiagnoserTest.SOFTNET, DiagnoserTest.SNMP, DiagnoserTest.SOCKSTAT,
                        raised(q0cpu0, q0cpu1, q1cpu0, q1cpu1))
                .facts(10);
        return Diagnoser.diagnose(f).stream().filter(x -> x.code().startsWith("rss") || x.code().startsWith("irq")).toList();
    }

    /** The guest's table after {@code rss: {weights: [3, 1]}} (NicRssPauseIT asserts it reads so): 96 buckets to queue 0. */
    private static String weighted() {
        StringBuilder sb = new StringBuilder();
        String[] lines = guest("eth1-ethtool-x.txt").split("\n");
        for (String l : lines) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^( *)(\\d+):").matcher(l);
            if (m.find()) {
                int row = Integer.parseInt(m.group(2));
                sb.append("%5d: ".formatted(row));
                for (int i = row; i < row + 8; i++) {
                    sb.append(" %5d".formatted(i < 96 ? 0 : 1));
                }
                sb.append('\n');
            } else {
                sb.append(l).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void aSkewedTableWithQueuesOnBothCpusAsksForAnEvenTable() {
        List<Finding> all = diagnose(weighted(), 4000, 0, 0, 1000);
        assertEquals(List.of("rss-imbalance"), all.stream().map(Finding::code).toList(), all::toString);
        Finding x = all.get(0);
        assertEquals("/proc/interrupts eth1 rx queue IRQs grow 500/s, 80% of them from queue 0 (of 2 queues)",
                x.evidence().get(0).toString());
        assertEquals("ethtool -x eth1 96 of 128 hash buckets go to queue 0", x.evidence().get(1).toString());
        assertEquals(List.of("nics: [{match: {name: eth1}, rss: {equal: 2}}]"), ProfileWriter.snippet(x.suggestions()));
    }

    @Test
    void anEvenTableMeansAFewHeavyFlowsAndProposesNoTable() {
        List<Finding> all = diagnose(guest("eth1-ethtool-x.txt"), 4000, 0, 0, 1000);
        assertEquals(List.of("rss-flow-imbalance"), all.stream().map(Finding::code).toList(), all::toString);
        assertEquals(List.of(), all.get(0).suggestions());
        assertTrue(all.get(0).reason().contains("RSS never splits one flow"), all.get(0).reason());
    }

    @Test
    void interruptsOnOneCpuAreTheIrqRuleNotThisOne() {
        List<Finding> all = diagnose(weighted(), 4000, 0, 1000, 0);
        assertEquals(List.of("irq-one-cpu"), all.stream().map(Finding::code).toList(), all::toString);
    }

    @Test
    void balancedQueuesSayNothing() {
        assertEquals(List.of(), diagnose(weighted(), 2000, 0, 0, 2000));
    }
}
