package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.testhost.Cli;
import dev.netune.testhost.SshdContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault-injection suite: a fleet of two good hosts and one faulty host (real sshd containers).
 * The faulty host floods, hangs, lies, prints garbage or loses its connection at a step of the
 * apply. Every run must end with a report, the good hosts applied, and every setting on the
 * faulty host either its old or its new value.
 *
 * <p>Faults are made with wrappers put in place of the container's own programs (ethtool, cat,
 * tee) or a listener that accepts TCP and never speaks SSH; netune itself is run unchanged.
 */
class FaultInjectionIT {
    @RegisterExtension
    static final SshdContainer GOOD1 = new SshdContainer();
    @RegisterExtension
    static final SshdContainer GOOD2 = new SshdContainer();
    @RegisterExtension
    static final SshdContainer FAULTY = new SshdContainer();

    /** A whole faulty run must end well within this; a hang is a failure, not a slow test. */
    private static final Duration RUN_BOUND = Duration.ofMinutes(3);

    @TempDir
    Path dir;
    Path knownHosts;

    @BeforeEach
    void freshHosts() throws IOException {
        for (SshdContainer c : List.of(GOOD1, GOOD2, FAULTY)) {
            c.sh("pkill -x sleep; pkill -x yes; pkill -f 'netune-silen[t]'; rm -rf /etc/sysctl.d/99-zz-netune.conf /var/lib/netune;"
                    + " echo 4096 > /proc/sys/net/core/somaxconn; echo 2 > /proc/sys/net/ipv4/tcp_tw_reuse; true");
        }
        StringBuilder all = new StringBuilder();
        for (SshdContainer c : List.of(GOOD1, GOOD2, FAULTY)) {
            all.append(Files.readString(c.knownHostsFile()));
        }
        knownHosts = Files.writeString(dir.resolve("known_hosts"), all);
        Files.writeString(dir.resolve("web.yaml"), """
                sysctl:
                  net.core.somaxconn: 8192
                  net.ipv4.tcp_tw_reuse: 1
                nics:
                  - match: {name: eth0}
                    mtu: 1500
                """);
    }

    @AfterEach
    void realPrograms() {
        for (String program : List.of("/usr/sbin/ethtool", "/usr/bin/cat", "/usr/bin/mv")) {
            FAULTY.sh("if [ -e " + program + ".real ]; then mv -f " + program + ".real " + program + "; fi;"
                    + " pkill -x sleep; pkill -x yes; true");
        }
    }

    private Path inventory(String extraHosts) throws IOException {
        return Files.writeString(dir.resolve("inventory.yaml"), """
                defaults:
                  user: root
                  identityFile: %s
                  knownHosts: %s
                groups:
                  web:
                    profiles: [web.yaml]
                    hosts:
                      good-1: {address: 127.0.0.1, port: %d}
                      good-2: {address: 127.0.0.1, port: %d}
                %s""".formatted(GOOD1.identityFile(), knownHosts, GOOD1.port(), GOOD2.port(), extraHosts));
    }

    private Path inventoryWithFaulty() throws IOException {
        return inventory("      faulty: {address: 127.0.0.1, port: %d}\n".formatted(FAULTY.port()));
    }

    /** Replaces {@code program} on the faulty host by a shell script; {@link #realPrograms} puts it back. */
    private static void wrap(String program, String body) {
        FAULTY.sh("mv " + program + " " + program + ".real && printf '%s\\n' '#!/bin/sh' " + shellWord(body)
                + " > " + program + " && chmod 755 " + program);
    }

    private static String shellWord(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String sysctl(SshdContainer c, String path) {
        return c.exec("cat", "/proc/sys/" + path).strip();
    }

    private static Cli.Result apply(Path inventory, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "apply";
        args[1] = "-i";
        args[2] = inventory.toString();
        args[3] = "--yes";
        System.arraycopy(more, 0, args, 4, more.length);
        return assertTimeoutPreemptively(RUN_BOUND, () -> Cli.run(args));
    }

    /** The good hosts were applied and reported, and the report ends with its summary line. */
    private static void goodHostsApplied(Cli.Result apply) {
        assertTrue(apply.out().contains("good-1 (127.0.0.1:" + GOOD1.port() + "): changed"), apply::toString);
        assertTrue(apply.out().contains("good-2 (127.0.0.1:" + GOOD2.port() + "): changed"), apply::toString);
        assertTrue(apply.out().strip().lines().reduce((a, b) -> b).orElse("").startsWith("Apply: "), apply::toString);
        for (SshdContainer c : List.of(GOOD1, GOOD2)) {
            assertEquals("8192", sysctl(c, "net/core/somaxconn"));
            assertEquals("1", sysctl(c, "net/ipv4/tcp_tw_reuse"));
        }
    }

    /** Each setting on the faulty host is its old or its new value, never anything else. */
    private static void faultyOldOrNew() {
        String somaxconn = sysctl(FAULTY, "net/core/somaxconn");
        String reuse = sysctl(FAULTY, "net/ipv4/tcp_tw_reuse");
        assertTrue(somaxconn.equals("4096") || somaxconn.equals("8192"), somaxconn);
        assertTrue(reuse.equals("2") || reuse.equals("1"), reuse);
    }

    private static void faultyUnchanged() {
        assertEquals("4096", sysctl(FAULTY, "net/core/somaxconn"), "the faulty host is not changed");
        assertEquals("2", sysctl(FAULTY, "net/ipv4/tcp_tw_reuse"), "the faulty host is not changed");
    }

    @Test
    void absurdNumbersInProcInterruptsAreContained() throws Exception {
        // an IRQ number and counts past any int or long; the kernel never prints these, a broken host may
        wrap("/usr/bin/cat", "case \"$1\" in /proc/interrupts) printf '%s\\n' '           CPU0       CPU1'"
                + " ' 99999999999999999999:  99999999999999999999999  1   PCI-MSI 99999999999-edge  eth0-rx-0';;"
                + " *) exec /usr/bin/cat.real \"$@\";; esac");
        Cli.Result apply = apply(inventoryWithFaulty());
        goodHostsApplied(apply);
        assertTrue(apply.out().contains("faulty (127.0.0.1:" + FAULTY.port() + "): "), apply::toString);
        faultyOldOrNew();
    }

    @Test
    void binaryGarbageFromAHostIsContained() throws Exception {
        // NULs, invalid UTF-8 and random bytes where ethtool's text is expected
        wrap("/usr/sbin/ethtool", "printf '\\000\\001\\377\\376\\n'; head -c 20000 /dev/urandom; exit 3");
        Cli.Result apply = apply(inventoryWithFaulty());
        goodHostsApplied(apply);
        assertTrue(apply.out().contains("faulty (127.0.0.1:" + FAULTY.port() + "): "), apply::toString);
        faultyOldOrNew();
    }

    @Test
    void terminalEscapesInAHostsValuesNeverReachTheTerminalRaw() throws Exception {
        // ESC ] sets a terminal's title, ESC [2J clears the screen: a host's "value" carries both
        wrap("/usr/bin/cat", "case \"$1\" in */somaxconn) printf '\\033]0;owned\\007\\033[2J4096\\n';;"
                + " *) exec /usr/bin/cat.real \"$@\";; esac");
        Cli.Result apply = apply(inventoryWithFaulty());
        goodHostsApplied(apply);
        assertTrue(apply.out().contains("faulty (127.0.0.1:" + FAULTY.port() + "): "), apply::toString);
        assertFalse(apply.out().contains("\u001b") || apply.err().contains("\u001b")
                        || apply.out().contains("\u0007") || apply.err().contains("\u0007"),
                "no control character from a host reaches the terminal: " + apply);
        realPrograms(); // the check below reads with cat
        faultyOldOrNew();
    }

    @Test
    void aHostThatStreamsForeverFailsWithABoundAndItsScriptIsStopped() throws Exception {
        // straight to the script's output (ethtool's would be held in a shell variable on the host)
        wrap("/usr/bin/cat", "case \"$1\" in /proc/interrupts) exec yes 'a host that never stops talking';;"
                + " *) exec /usr/bin/cat.real \"$@\";; esac");
        Cli.Result apply = apply(inventoryWithFaulty());
        goodHostsApplied(apply);
        assertEquals(1, apply.exit(), apply::toString);
        assertTrue(apply.out().contains("MiB"), "the bound is named: " + apply);
        faultyUnchanged();
        for (int i = 0; i < 50 && !FAULTY.sh("pgrep -x yes || true").isBlank(); i++) {
            Thread.sleep(200);
        }
        assertTrue(FAULTY.sh("pgrep -x yes || true").isBlank(), "the flooding script was stopped on the host");
    }

    @Test
    void aHostBehindABastionThatNeverSpeaksSshFailsWithinItsDeadline() throws Exception {
        // On the faulty container, port 2222 accepts TCP connections and never says a word.
        FAULTY.sh("nohup perl -MIO::Socket::INET -e '$0=\"netune-silent\"; my $s = IO::Socket::INET->new(LocalPort => 2222,"
                + " Listen => 16, ReuseAddr => 1) or die; my @held; while (my $c = $s->accept) { push @held, $c }'"
                + " >/dev/null 2>&1 &");
        String faultyIp = FAULTY.container().getContainerInfo().getNetworkSettings().getIpAddress();
        String jump = "root@127.0.0.1:" + GOOD1.port();
        Path inv = inventory("""
                      silent-1: {address: %s, port: 2222, proxyJump: "%s"}
                      silent-2: {address: %s, port: 2222, proxyJump: "%s"}
                """.formatted(faultyIp, jump, faultyIp, jump));
        Cli.Result apply = apply(inv, "--connect-timeout", "5");
        goodHostsApplied(apply);
        assertEquals(1, apply.exit(), apply::toString);
        assertTrue(apply.out().contains("silent-1 (" + faultyIp + ":2222): UNREACHABLE"), apply::toString);
        assertTrue(apply.out().contains("silent-2 (" + faultyIp + ":2222): UNREACHABLE"), apply::toString);
    }

    @Test
    void aConnectionCutWhileReadingFactsLeavesTheHostUnchanged() throws Exception {
        wrap("/usr/sbin/ethtool", "sleep 30; exec /usr/sbin/ethtool.real \"$@\"");
        Path inv = inventoryWithFaulty();
        applyCuttingTheFaultyHostAtItsSleep(inv);
        faultyUnchanged();
    }

    @Test
    void aConnectionCutInTheMiddleOfAnApplyLeavesEachSettingOldOrNew() throws Exception {
        // the persisted file's write hangs: the sysctls (written by the shell's own printf, no process
        // to hang between them) are new, the file not yet written
        wrap("/usr/bin/mv", "case \"$*\" in */sysctl.d/*) sleep 30;; esac; exec /usr/bin/mv.real \"$@\"");
        Path inv = inventoryWithFaulty();
        applyCuttingTheFaultyHostAtItsSleep(inv);
        faultyOldOrNew();
        realPrograms();
        // whatever the cut left, a new apply finishes the job and the host is then in its desired state
        for (int i = 0; i < 100 && !FAULTY.sh("pgrep -f 'sh -s' || true").isBlank(); i++) {
            Thread.sleep(200);
        }
        Cli.Result again = apply(inv);
        assertEquals(0, again.exit(), again::toString);
        assertEquals("8192", sysctl(FAULTY, "net/core/somaxconn"));
        assertEquals("1", sysctl(FAULTY, "net/ipv4/tcp_tw_reuse"));
    }

    /**
     * Applies to the fleet and cuts the faulty host's SSH connections once its script reaches the
     * injected {@code sleep}: the good hosts are applied, the faulty one is reported as failed.
     */
    private static void applyCuttingTheFaultyHostAtItsSleep(Path inv) throws Exception {
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> apply(inv));
        cutSshWhenRunning(FAULTY, "sleep");
        Cli.Result apply = run.get();
        goodHostsApplied(apply);
        assertEquals(1, apply.exit(), apply::toString);
        assertTrue(apply.out().contains("faulty (127.0.0.1:" + FAULTY.port() + "): UNREACHABLE")
                || apply.out().contains("faulty (127.0.0.1:" + FAULTY.port() + "): FAILED"), apply::toString);
    }

    /** Waits until {@code process} runs on the host (the script reached the fault), then kills its SSH sessions. */
    private static void cutSshWhenRunning(SshdContainer host, String process) throws InterruptedException {
        for (int i = 0; i < 300 && host.sh("pgrep -x " + process + " || true").isBlank(); i++) {
            Thread.sleep(100);
        }
        assertFalse(host.sh("pgrep -x " + process + " || true").isBlank(), "the run never reached the fault");
        // sshd's per-connection processes are named "sshd: USER..."; the listener is "sshd: /usr/sbin/sshd"
        host.sh("pkill -KILL -f '^sshd: root' ; true");
    }
}
