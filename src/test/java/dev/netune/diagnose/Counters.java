package dev.netune.diagnose;

import dev.netune.fact.GatherOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the text the diagnose gather script prints, from real captures and synthetic deltas,
 * and parses it the way the engine does.
 */
final class Counters {
    private final StringBuilder sb = new StringBuilder("@@netune host\nhostname=test\nkernel=6.1\nuid=1000\n");
    private final Map<String, String> knobs = new LinkedHashMap<>();

    static String capture(String file) {
        try (InputStream in = Counters.class.getResourceAsStream("/captures/counters/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("missing capture " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A NIC's sysfs block, ethtool -g and -l (null for "Operation not supported"). */
    Counters nic(String name, String sys, String ring, String channels) {
        block("nic " + name + " sys", sys);
        String driver = sys.lines().filter(l -> l.startsWith("driver=")).map(l -> l.substring(7)).findFirst().orElse("test");
        block("nic " + name + " ethtool-i 0", "driver: " + driver + "\nbus-info: 0000:00:03.0\n");
        block("nic " + name + " ethtool-g " + (ring == null ? 1 : 0), ring == null ? "netlink error: Operation not supported" : ring);
        block("nic " + name + " ethtool-l " + (channels == null ? 1 : 0),
                channels == null ? "netlink error: Operation not supported" : channels);
        return this;
    }

    /** One more ethtool query of a NIC as the gather prints it ({@code x} for the RSS table). */
    Counters ethtool(String name, String query, String text) {
        return block("nic " + name + " ethtool-" + query + " 0", text);
    }

    /** /proc/interrupts as the NIC gather prints it (for matching queue IRQs). */
    Counters interrupts(String text) {
        return block("interrupts", text);
    }

    Counters sample(int n, double uptime, String softnet, String snmp, String sockstat, String interrupts) {
        block("dg-uptime " + n, uptime + " 100.00");
        block("dg-softnet " + n, softnet);
        block("dg-snmp " + n, snmp);
        block("dg-sockstat " + n, sockstat);
        return block("dg-interrupts " + n, interrupts);
    }

    Counters nicCounters(int n, String nic, String sysStats, String ethtoolS) {
        block("dg-sys " + n + " " + nic, sysStats);
        return block("dg-ethtool " + n + " " + nic + " " + (ethtoolS == null ? 94 : 0),
                ethtoolS == null ? "no stats available" : ethtoolS);
    }

    /** Sample N of the diagnose library: /proc/softirqs and /proc/net/stat/nf_conntrack (null: absent). */
    Counters more(int n, String softirqs, String conntrack) {
        block("dg-softirqs " + n, softirqs);
        return conntrack == null ? block("dg-conntrack " + n + " absent", "")
                : block("dg-conntrack " + n + " present", conntrack);
    }

    /**
     * A netstat/snmp text with counter {@code key} ({@code TcpExt.TCPRcvQDrop}) raised by {@code by}:
     * the value line after the header that names it.
     */
    static String bump(String text, String key, long by) {
        String prefix = key.substring(0, key.indexOf('.')) + ":";
        String name = key.substring(key.indexOf('.') + 1);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i + 1 < lines.length; i++) {
            String[] h = lines[i].trim().split("\\s+");
            if (h[0].equals(prefix) && lines[i + 1].startsWith(prefix) && !Character.isDigit(h[1].charAt(0))) {
                int col = java.util.Arrays.asList(h).indexOf(name);
                if (col > 0) {
                    String[] v = lines[i + 1].trim().split("\\s+");
                    v[col] = Long.toString(Long.parseLong(v[col]) + by);
                    lines[i + 1] = String.join(" ", v);
                    return String.join("\n", lines);
                }
            }
        }
        throw new IllegalArgumentException("no counter " + key);
    }

    /** A NIC's counters on a host without ethtool: the gather's exit code 127 for every ethtool -S. */
    Counters nicCountersWithoutEthtool(int n, String nic, String sysStats) {
        block("dg-sys " + n + " " + nic, sysStats);
        return block("dg-ethtool " + n + " " + nic + " 127", "ethtool: command not found");
    }

    Counters knob(String name, String value) {
        knobs.put(name, value);
        return this;
    }

    Counters tcp(int low, int high, String rows) {
        return block("dg-tcp " + low + " " + high, rows);
    }

    private Counters block(String marker, String body) {
        sb.append(GatherOutput.MARKER).append(marker).append('\n').append(body);
        if (!body.endsWith("\n")) {
            sb.append('\n');
        }
        return this;
    }

    String text() {
        StringBuilder k = new StringBuilder();
        knobs.forEach((a, b) -> k.append(a).append('=').append(b).append('\n'));
        return sb + GatherOutput.MARKER + "dg-knobs\n" + k + GatherOutput.MARKER + "end\n";
    }

    CounterFacts facts(double interval) {
        return CounterGather.parseSections(GatherOutput.split(text()), interval);
    }
}
