package dev.netune.bench;

import dev.netune.engine.Engine;
import dev.netune.engine.EngineOptions;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.engine.Progress;
import dev.netune.engine.Target;
import dev.netune.inventory.Host;
import dev.netune.inventory.InventoryLoader;
import dev.netune.profile.DesiredState;
import dev.netune.report.TextReport;
import dev.netune.transport.SshOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The controller side of the simulated fleet: netune's engine, in this JVM, against the first N
 * virtual hosts of a running {@link SimServer}, measured from inventory load to rendered report.
 *
 * <pre>SimFleet plan|apply|inventory N FORKS WORKDIR PROFILE CLIENT_KEY</pre>
 * ({@code inventory} only writes WORKDIR/inventory-N.yaml and prints its path, for runs of the CLI)
 * Prints one line: hosts, forks, wall ms, controller process CPU ms, peak heap (MemoryPool peaks
 * above a post-GC baseline, garbage included), retained heap after GC with all outcomes alive and
 * per host, peak thread count, and the host statuses.
 */
public final class SimFleet {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        int forks = Integer.parseInt(args[2]);
        Path work = Path.of(args[3]);
        Path profile = Path.of(args[4]).toAbsolutePath();
        Path key = Path.of(args[5]).toAbsolutePath();
        Path inventory = inventory(work, n, key);
        if (mode.equals("inventory")) {
            System.out.println(inventory);
            return;
        }

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        System.gc();
        long baseline = used(heap);
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        threads.resetPeakThreadCount();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();

        // What PlanCommand/ApplyCommand do: load, resolve, run, render.
        List<Host> hosts = new InventoryLoader().load(inventory).hosts();
        DesiredState desired = Scripts.desired(profile);
        List<Target> targets = hosts.stream().map(h -> Target.of(h, desired)).toList();
        Engine engine = new Engine(new EngineOptions(forks, new SshOptions(Duration.ofSeconds(30), false),
                Duration.ofSeconds(120)), Progress.NONE);
        List<HostOutcome> outcomes;
        String report;
        if (mode.equals("plan")) {
            outcomes = engine.plan(targets);
            report = new TextReport(false).plan(outcomes, false);
        } else {
            // what `apply --yes` runs: every host planned, its session and gather shell held, then applied
            outcomes = engine.apply(engine.planKeepingSessions(targets, true));
            report = new TextReport(false).apply(outcomes);
        }

        long wall = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() - baseline;
        int peakThreads = threads.getPeakThreadCount();
        System.gc();
        long retained = used(heap) - baseline;
        Map<HostStatus, Long> statuses = new TreeMap<>(outcomes.stream()
                .collect(Collectors.groupingBy(HostOutcome::status, Collectors.counting())));
        System.out.printf("%-5s %6d %5d %9d %9d %9.1f %9.1f %8.1f %7d  %s  (report %d KB)%n", mode, n, forks,
                wall / 1_000_000, cpu / 1_000_000, peak / 1048576.0, retained / 1048576.0,
                retained / 1024.0 / n, peakThreads, statuses, report.length() / 1024);
        HostStatus want = mode.equals("plan") ? HostStatus.CHANGES : HostStatus.CHANGED;
        if (statuses.getOrDefault(want, 0L) != n) {
            outcomes.stream().filter(o -> o.status() != want).limit(3)
                    .forEach(o -> System.err.println("  " + o.target().name() + ": " + o.status() + " " + o.message()));
            System.exit(1);
        }
        // keep outcomes reachable until the retained measurement is done
        if (outcomes.size() < 0) {
            System.out.println(report);
        }
    }

    /** WORKDIR/inventory-N.yaml: the first N virtual hosts of the server's ports file ("PORT USER" lines). */
    static Path inventory(Path work, int n, Path key) throws java.io.IOException {
        List<String> ports = Files.readAllLines(work.resolve("ports")).subList(0, n);
        Path inventory = work.resolve("inventory-" + n + ".yaml");
        StringBuilder inv = new StringBuilder("defaults:\n  user: root\n  identityFile: " + key
                + "\n  knownHosts: " + work.resolve("known_hosts") + "\nhosts:\n");
        for (int i = 0; i < n; i++) {
            String[] portUser = ports.get(i).split(" ");
            inv.append(String.format("  sim-%06d: {address: 127.0.0.1, port: %s, user: %s}%n", i + 1, portUser[0],
                    portUser.length > 1 ? portUser[1] : "root"));
        }
        Files.writeString(inventory, inv);
        return inventory;
    }

    private static long used(List<MemoryPoolMXBean> heap) {
        return heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    }
}
