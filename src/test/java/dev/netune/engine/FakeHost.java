package dev.netune.engine;

import dev.netune.transport.ExecResult;
import dev.netune.transport.HeldRun;
import dev.netune.transport.Transport;
import dev.netune.transport.TransportException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host behind the Transport interface, for engine tests that must not touch a real machine:
 * it answers netune's gather script with sysctls, a NIC, its interrupts and IRQ affinities, and
 * an apply script by setting the sysctls it names. Faults: rewrite the gather output, throw
 * from a run, or hang until the connection is closed.
 */
final class FakeHost {
    static final String PERSISTED = """
            # Managed by netune. Do not edit: `netune apply` rewrites this file.
            # Change the profile instead; `netune drift` reports edits made here.
            """;
    private static final String FILE = "/etc/sysctl.d/99-zz-netune.conf";
    private static final Pattern SET = Pattern.compile("^netune_sysctl_set '([^']*)' '[^']*' '([^']*)'$", Pattern.MULTILINE);

    final String name;
    final Map<String, String> sysctls = new ConcurrentHashMap<>();
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger applies = new AtomicInteger();
    /** Held runs (see Transport#hold): begun, given their follow-up, and closed without one. */
    final AtomicInteger held = new AtomicInteger();
    final AtomicInteger followUps = new AtomicInteger();
    final AtomicInteger heldClosed = new AtomicInteger();
    /** Rewrites what the gather script prints (a host with odd output). */
    volatile UnaryOperator<String> gatherOutput = UnaryOperator.identity();
    /** Thrown by the next runs of scripts containing the key (a bug somewhere in the host's work). */
    final Map<String, RuntimeException> throwOn = new ConcurrentHashMap<>();
    /** When set, scripts containing this text hang until the connection is closed. */
    volatile String hangOn;

    /** The sysctl file netune owns, as the host has it. */
    volatile String persisted;

    FakeHost(String name, Map<String, String> sysctls) {
        this.name = name;
        this.sysctls.putAll(sysctls);
        this.persisted = persistedOf(sysctls);
    }

    private static String persistedOf(Map<String, String> values) {
        StringBuilder persisted = new StringBuilder(PERSISTED);
        new TreeMap<>(values).forEach((k, v) -> persisted.append(k).append(" = ").append(v).append('\n'));
        return persisted.toString();
    }

    Target target(dev.netune.profile.DesiredState desired) {
        return new Target(name, "fake", null, desired);
    }

    Transport connect() {
        opened.incrementAndGet();
        return new Connection();
    }

    /** What the gather script prints on a plain two-CPU host with one NIC. */
    String gather() {
        StringBuilder out = new StringBuilder("@@netune host\nhostname=" + name + "\nkernel=6.1.0-fake\nuid=0\n");
        new TreeMap<>(sysctls).forEach((k, v) -> out.append("@@netune sysctl ").append(k).append(" present\n")
                .append(v).append('\n'));
        out.append("@@netune file " + FILE + " present\n").append(persisted).append('\n');
        out.append("""
                @@netune nic eth0 sys
                mtu=1500
                driver=virtio_net
                bus=virtio0
                msi_irqs=24 25
                rx_queues=1
                tx_queues=1
                @@netune interrupts
                           CPU0       CPU1
                  24:        10          0   PCI-MSI 1-edge      virtio0-input.0
                  25:         3          0   PCI-MSI 2-edge      virtio0-output.0
                 LOC:       100        100   Local timer interrupts
                @@netune nic-queues
                eth0 rx-0 rps_cpus=0 rps_flow_cnt=0
                eth0 tx-0 xps_cpus=0
                @@netune irq-affinity
                24 0-1
                25 0-1
                @@netune cpus
                online=0-1
                possible=0-1
                irqbalance=inactive
                rps_sock_flow_entries=0
                @@netune nic-boot none
                @@netune session
                @@netune end
                """);
        return out.toString();
    }

    private String apply(String script) {
        applies.incrementAndGet();
        StringBuilder out = new StringBuilder();
        Matcher set = SET.matcher(script);
        while (set.find()) {
            sysctls.put(set.group(1), set.group(2));
            out.append("@@netune applied sysctl ").append(set.group(1)).append(" ok\n")
                    .append("@@netune verify sysctl ").append(set.group(1)).append('\n').append(set.group(2)).append('\n');
        }
        if (script.contains(FILE)) {
            // what netune writes there: its header and the values, sorted
            persisted = persistedOf(sysctls);
            out.append("@@netune applied file ").append(FILE).append(" ok\n@@netune file ").append(FILE)
                    .append(" present\n").append(persisted).append('\n');
        }
        return out.append("@@netune end\n").toString();
    }

    private final class Connection implements Transport {
        private final CountDownLatch closing = new CountDownLatch(1);

        @Override
        public ExecResult run(String script, Duration timeout) throws TransportException {
            for (Map.Entry<String, RuntimeException> e : throwOn.entrySet()) {
                if (script.contains(e.getKey())) {
                    throw e.getValue();
                }
            }
            String hang = hangOn;
            if (hang != null && script.contains(hang)) {
                try {
                    if (!closing.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new TransportException(TransportException.Kind.TIMEOUT, name + ": timed out");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new TransportException(TransportException.Kind.IO, name + ": connection closed");
            }
            if (script.contains("netune_sysctl_set")) {
                return new ExecResult(0, apply(script), "");
            }
            return new ExecResult(0, gatherOutput.apply(gather()), "");
        }

        /** Holds as a real shell does: the follow-up is answered as a run, but counted as the held shell's. */
        @Override
        public HeldRun hold(String script, Duration timeout) throws TransportException {
            ExecResult first = run(script, timeout);
            held.incrementAndGet();
            return new HeldRun() {
                @Override
                public ExecResult first() {
                    return first;
                }

                @Override
                public ExecResult then(String followUp, Duration t) throws TransportException {
                    followUps.incrementAndGet();
                    return run(followUp, t);
                }

                @Override
                public void close() {
                    heldClosed.incrementAndGet();
                }
            };
        }

        @Override
        public String describe() {
            return name;
        }

        @Override
        public boolean privileged() {
            return true;
        }

        @Override
        public void close() {
            closed.incrementAndGet();
            closing.countDown();
        }
    }
}
