package dev.netune.bench;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Logger;
import dev.netune.cli.Main;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where one netune run's time goes: runs {@code Main.run(args)} with timestamps from JSch's log
 * (per host: TCP connect and version exchange, key exchange, authentication, then the exec
 * channels until disconnect) and prints a Markdown table to stderr. The phases before the first
 * connection (JVM start, class loading, inventory and profile load) and after the last disconnect
 * (plan and render) are netune's own.
 *
 * <pre>java -cp netune.jar:DIR dev.netune.bench.Timeline plan -i inventory.yaml</pre>
 * (bench/fleet.sh with TIMELINE=1 compiles and runs it against its containers).
 */
public final class Timeline {
    /** Per host (JSch logs "Connecting to HOST port PORT"; netune's containers differ by port): ms since the JVM started. */
    private static final Map<Long, Map<String, Long>> HOSTS = new ConcurrentHashMap<>();
    private static final ThreadLocal<Long> PORT = new ThreadLocal<>();

    private Timeline() {
    }

    public static void main(String[] args) {
        // the caller's clock just before it started java (TIMELINE_T0_MS, as bench/fleet.sh passes it): the
        // process start time the JVM reports is built on the boot time in whole seconds, up to a second off
        String t0 = System.getenv("TIMELINE_T0_MS");
        long start = t0 != null ? Long.parseLong(t0) : ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
        long main = System.currentTimeMillis() - start;
        JSch.setLogger(new Logger() {
            @Override
            public boolean isEnabled(int level) {
                return true;
            }

            @Override
            public void log(int level, String message) {
                long now = System.currentTimeMillis() - start;
                if (message.startsWith("Connecting to ")) {
                    String[] f = message.split(" ");
                    PORT.set(Long.parseLong(f[f.length - 1]));
                }
                Long port = PORT.get();
                if (port == null) {
                    return;
                }
                Map<String, Long> t = HOSTS.computeIfAbsent(port, p -> new ConcurrentHashMap<>());
                String phase = message.startsWith("Connecting to ") ? "connect"
                        : message.startsWith("Connection established") ? "established"
                        : message.startsWith("kex: algorithm") ? "kexinit"
                        : message.startsWith("SSH_MSG_NEWKEYS received") ? "newkeys"
                        : message.startsWith("Authentication succeeded") ? "auth"
                        : message.startsWith("Disconnecting from") ? "disconnect" : null;
                if (phase != null) {
                    t.putIfAbsent(phase, now);
                }
            }
        });
        long before = System.currentTimeMillis() - start;
        int code = Main.run(args);
        long end = System.currentTimeMillis() - start;
        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        List<Map<String, Long>> hosts = new ArrayList<>(HOSTS.values());
        long first = hosts.stream().mapToLong(t -> t.getOrDefault("connect", end)).min().orElse(end);
        long last = hosts.stream().mapToLong(t -> t.getOrDefault("disconnect", end)).max().orElse(end);
        StringBuilder out = new StringBuilder();
        out.append("| phase | ms |\n|---|---:|\n");
        row(out, "JVM start to main (JVM, class loading of the launcher)", main);
        row(out, "main to first SSH connect (picocli, inventory, profiles, classes)", first - before);
        row(out, "first connect to last disconnect (all hosts, in parallel)", last - first);
        row(out, "last disconnect to exit code (plan, render)", end - last);
        row(out, "total (exit code " + code + ", " + classes + " classes loaded)", end);
        out.append("\n| per host, median (max) | ms |\n|---|---:|\n");
        phase(out, hosts, "TCP connect + version exchange", "connect", "established");
        phase(out, hosts, "key exchange (kexinit to NEWKEYS)", "established", "newkeys");
        phase(out, hosts, "authentication", "newkeys", "auth");
        phase(out, hosts, "gather: exec channels until disconnect", "auth", "disconnect");
        phase(out, hosts, "waiting for a fork before connect", null, "connect");
        System.err.print(out);
        System.exit(code);
    }

    private static void row(StringBuilder out, String what, long ms) {
        out.append("| ").append(what).append(" | ").append(ms).append(" |\n");
    }

    private static void phase(StringBuilder out, List<Map<String, Long>> hosts, String what, String from, String to) {
        List<Long> d = new ArrayList<>();
        long firstConnect = hosts.stream().mapToLong(t -> t.getOrDefault("connect", Long.MAX_VALUE)).min().orElse(0);
        for (Map<String, Long> t : hosts) {
            Long a = from == null ? Long.valueOf(firstConnect) : t.get(from);
            Long b = t.get(to);
            if (a != null && b != null) {
                d.add(b - a);
            }
        }
        d.sort(null);
        String v = d.isEmpty() ? "-" : d.get(d.size() / 2) + " (" + d.get(d.size() - 1) + ")";
        out.append("| ").append(what).append(" | ").append(v).append(" |\n");
    }
}
