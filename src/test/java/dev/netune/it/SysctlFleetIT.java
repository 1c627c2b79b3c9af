package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netune.testhost.Cli;
import dev.netune.testhost.SshdContainer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core path end to end against two real sshd hosts (containers): plan, apply, idempotence,
 * drift, persistence, saved plans, and hosts that fail. Only per-network-namespace net.* sysctls
 * are touched, so the machine running the tests is never changed.
 */
class SysctlFleetIT {
    @RegisterExtension
    static final SshdContainer WEB1 = new SshdContainer();
    @RegisterExtension
    static final SshdContainer WEB2 = new SshdContainer();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path inventory;

    @BeforeEach
    void freshHostsAndFiles() throws IOException {
        for (SshdContainer c : new SshdContainer[] {WEB1, WEB2}) {
            releaseLock(c);
            c.sh("echo 4096 > /proc/sys/net/core/somaxconn; printf '32768\\t60999\\n' > /proc/sys/net/ipv4/ip_local_port_range;"
                    + " echo 2 > /proc/sys/net/ipv4/tcp_tw_reuse; rm -rf /etc/sysctl.d/99-zz-netune.conf /var/lib/netune");
        }
        Files.writeString(dir.resolve("many-connections.yaml"), """
                name: many-connections
                extends: [base]
                sysctl:
                  net.core.somaxconn: 8192
                  net.ipv4.ip_local_port_range: "10000 65000"
                """);
        Files.writeString(dir.resolve("base.yaml"), """
                name: base
                sysctl:
                  net.ipv4.tcp_tw_reuse: 1
                  net.core.somaxconn: 1024
                """);
        inventory = writeInventory(dir.resolve("inventory.yaml"), WEB1.knownHostsFile(), "");
    }

    /** Ends a lock holder started by a test: flock and the sleep that inherited the locked fd. */
    private static void releaseLock(SshdContainer c) {
        c.sh("pkill -x flock; pkill -x sleep; true");
    }

    private Path writeInventory(Path file, Path knownHosts, String extraHosts) throws IOException {
        Files.writeString(file, """
                defaults:
                  user: root
                  identityFile: %s
                  knownHosts: %s
                groups:
                  web:
                    profiles: [many-connections.yaml]
                    hosts:
                      web-1: {address: 127.0.0.1, port: %d}
                      web-2: {address: 127.0.0.1, port: %d, user: tuner, become: true, knownHosts: %s}
                %s""".formatted(WEB1.identityFile(), knownHosts, WEB1.port(), WEB2.port(), WEB2.knownHostsFile(),
                extraHosts));
        return file;
    }

    private static String sysctl(SshdContainer c, String path) {
        return c.exec("cat", "/proc/sys/" + path).strip();
    }

    @Test
    void planShowsChangesThenApplySetsThemAndSecondRunChangesNothing() throws Exception {
        Cli.Result plan = Cli.run("plan", "-i", inventory.toString(), "--detailed-exitcode");
        assertEquals(2, plan.exit(), plan::toString);
        assertTrue(plan.out().contains("web-1 (127.0.0.1:" + WEB1.port() + "): 4 to change"), plan::toString);
        assertTrue(plan.out().contains("~ sysctl net.core.somaxconn: 4096 -> 8192"), plan::toString);
        assertTrue(plan.out().contains("~ sysctl net.ipv4.ip_local_port_range: 32768 60999 -> 10000 65000"), plan::toString);
        assertTrue(plan.out().contains("~ sysctl net.ipv4.tcp_tw_reuse: 2 -> 1"), plan::toString);
        assertEquals("4096", sysctl(WEB1, "net/core/somaxconn"), "plan must not change anything");

        Cli.Result apply = Cli.run("apply", "-i", inventory.toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);
        for (SshdContainer c : new SshdContainer[] {WEB1, WEB2}) { // web-2 goes through sudo as tuner
            assertEquals("8192", sysctl(c, "net/core/somaxconn"));
            assertEquals("10000\t65000", sysctl(c, "net/ipv4/ip_local_port_range"));
            assertEquals("1", sysctl(c, "net/ipv4/tcp_tw_reuse"));
            assertEquals("""
                    # Managed by netune. Do not edit: `netune apply` rewrites this file.
                    # Change the profile instead; `netune drift` reports edits made here.
                    net.core.somaxconn = 8192
                    net.ipv4.ip_local_port_range = 10000 65000
                    net.ipv4.tcp_tw_reuse = 1
                    """, c.exec("cat", "/etc/sysctl.d/99-zz-netune.conf"));
        }
        assertTrue(apply.out().contains("Apply: 2 changed, 0 ok, 0 failed, 0 unreachable"), apply::toString);

        Cli.Result again = Cli.run("plan", "-i", inventory.toString(), "--detailed-exitcode");
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.out().contains("no changes"), again::toString);
        Cli.Result secondApply = Cli.run("apply", "-i", inventory.toString(), "--yes");
        assertEquals(0, secondApply.exit(), secondApply::toString);
        assertTrue(secondApply.out().contains("Apply: 0 changed, 2 ok"), secondApply::toString);
        assertEquals(0, Cli.run("drift", "-i", inventory.toString()).exit());
    }

    @Test
    void outOfBandChangeIsDriftNamingHostAndKey() throws Exception {
        assertEquals(0, Cli.run("apply", "-i", inventory.toString(), "--yes").exit());
        WEB2.sh("echo 128 > /proc/sys/net/core/somaxconn");

        Cli.Result drift = Cli.run("drift", "-i", inventory.toString(), "--format", "json");
        assertEquals(2, drift.exit(), drift::toString);
        JsonNode doc = JSON.readTree(drift.out());
        assertEquals("drift", doc.path("command").asText());
        JsonNode web1 = doc.path("hosts").get(0);
        JsonNode web2 = doc.path("hosts").get(1);
        assertEquals("ok", web1.path("status").asText());
        assertEquals("web-2", web2.path("name").asText());
        assertEquals("changes", web2.path("status").asText());
        JsonNode change = web2.path("changes").get(0);
        assertEquals("net.core.somaxconn", change.path("target").asText());
        assertEquals("128", change.path("before").asText());
        assertEquals("8192", change.path("after").asText());

        WEB1.sh("echo 'net.core.somaxconn = 1' >> /etc/sysctl.d/99-zz-netune.conf");
        Cli.Result text = Cli.run("drift", "-i", inventory.toString());
        assertEquals(2, text.exit(), text::toString);
        assertTrue(text.out().contains("- net.core.somaxconn = 1"), "an edit of the owned file is drift: " + text);
    }

    @Test
    void staleSavedPlanIsRefusedAndFreshHostsApply() throws Exception {
        Path planFile = dir.resolve("plan.json");
        Cli.Result plan = Cli.run("plan", "-i", inventory.toString(), "--out", planFile.toString());
        assertEquals(0, plan.exit(), plan::toString);
        WEB1.sh("echo 2048 > /proc/sys/net/core/somaxconn");

        // the plan is bound to its inputs: apply is given the same inventory, never takes it from the file
        Cli.Result apply = Cli.run("apply", "-i", inventory.toString(), planFile.toString(), "--yes");
        assertEquals(1, apply.exit(), apply::toString);
        assertTrue(apply.out().contains("STALE - saved plan is stale: sysctl net.core.somaxconn was 4096 when planned,"
                + " is now 2048"), apply::toString);
        assertEquals("2048", sysctl(WEB1, "net/core/somaxconn"), "a stale host is not touched");
        assertEquals("8192", sysctl(WEB2, "net/core/somaxconn"), "the fresh host is applied");
    }

    @Test
    void unknownHostKeyIsRefusedAndNothingChanges() throws Exception {
        Path emptyKnownHosts = Files.writeString(dir.resolve("known_hosts_empty"), "");
        Path inv = writeInventory(dir.resolve("inv-unknown.yaml"), emptyKnownHosts, "");
        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes", "--limit", "web-1");
        assertEquals(1, apply.exit(), apply::toString);
        assertTrue(apply.out().contains("UNREACHABLE"), apply::toString);
        assertTrue(apply.out().contains("is not in " + emptyKnownHosts), apply::toString);
        assertEquals("4096", sysctl(WEB1, "net/core/somaxconn"));
    }

    @Test
    void unreachableHostDoesNotStopTheOthers() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // free now, closed once the socket is
        }
        Path inv = writeInventory(dir.resolve("inv-down.yaml"), WEB1.knownHostsFile(), """
                  down:
                    profiles: [many-connections.yaml]
                    hosts:
                      web-0: {address: 127.0.0.1, port: %d}
                """.formatted(closedPort));
        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(1, apply.exit(), apply::toString);
        assertTrue(apply.out().contains("web-0 (127.0.0.1:" + closedPort + "): UNREACHABLE"), apply::toString);
        assertTrue(apply.out().contains("Apply: 2 changed, 0 ok, 0 failed, 1 unreachable (3 host(s))"), apply::toString);
        assertEquals("8192", sysctl(WEB1, "net/core/somaxconn"));
        assertEquals("8192", sysctl(WEB2, "net/core/somaxconn"));
    }

    @Test
    void missingSysctlIsAPlanErrorForThatHostOnly() throws Exception {
        Files.writeString(dir.resolve("many-connections.yaml"), """
                sysctl:
                  net.core.somaxconn: 8192
                  net.ipv4.no_such_knob: 1
                """);
        Cli.Result plan = Cli.run("plan", "-i", inventory.toString());
        assertEquals(1, plan.exit(), plan::toString);
        assertTrue(plan.out().contains("! sysctl net.ipv4.no_such_knob: net.ipv4.no_such_knob does not exist on this host"),
                plan::toString);
        Cli.Result apply = Cli.run("apply", "-i", inventory.toString(), "--yes");
        assertEquals(1, apply.exit(), apply::toString);
        assertEquals("4096", sysctl(WEB1, "net/core/somaxconn"), "a host with plan errors is not changed");
    }

    @Test
    void injectedValueIsRejectedBeforeAnyHostIsContacted() throws Exception {
        Files.writeString(dir.resolve("many-connections.yaml"), """
                sysctl:
                  net.core.somaxconn: "1; touch /tmp/x"
                """);
        Cli.Result apply = Cli.run("apply", "-i", inventory.toString(), "--yes");
        assertEquals(1, apply.exit(), apply::toString);
        assertTrue(apply.err().contains("many-connections.yaml:2:23: sysctl.net.core.somaxconn: value '1; touch /tmp/x'"
                + " is not allowed"), apply::toString);
        assertFalse(WEB1.execResult("test", "-e", "/tmp/x").ok());
        assertEquals("4096", sysctl(WEB1, "net/core/somaxconn"));
    }

    @Test
    void applyWithoutTerminalOrYesRefuses() throws Exception {
        Cli.Result apply = Cli.run("apply", "-i", inventory.toString());
        assertEquals(1, apply.exit(), apply::toString);
        assertTrue(apply.err().contains("pass --yes"), apply::toString);
        assertEquals("4096", sysctl(WEB1, "net/core/somaxconn"));
    }

    @Test
    void factsShowLiveValuesOfEveryHost() throws Exception {
        Cli.Result facts = Cli.run("facts", "-i", inventory.toString(), "--format", "json");
        assertEquals(0, facts.exit(), facts::toString);
        JsonNode hosts = JSON.readTree(facts.out()).path("hosts");
        assertEquals(2, hosts.size());
        JsonNode web2 = hosts.get(1).path("facts");
        assertEquals(0, web2.path("host").path("uid").asInt(), "tuner runs scripts through sudo");
        assertEquals("32768\t60999", web2.path("sysctl").path("values").path("net.ipv4.ip_local_port_range")
                .path("value").asText());
    }

    @Test
    void everyApplySavesASnapshotAndRollbackReturnsToIt() throws Exception {
        assertEquals(0, Cli.run("apply", "-i", inventory.toString(), "--yes").exit());
        assertEquals("8192", sysctl(WEB1, "net/core/somaxconn"));

        Cli.Result history = Cli.run("history", "-i", inventory.toString(), "--limit", "web-1");
        assertEquals(0, history.exit(), history::toString);
        assertTrue(history.out().matches("(?s).*\\d{8}T\\d{6}Z-[0-9a-f]{4}  .*  by .*  4 change\\(s\\): sysctl net.core.somaxconn.*"),
                history::toString);

        Cli.Result rollback = Cli.run("rollback", "-i", inventory.toString(), "--yes");
        assertEquals(0, rollback.exit(), rollback::toString);
        assertTrue(rollback.out().contains("~ sysctl net.core.somaxconn: 8192 -> 4096  (rollback)"), rollback::toString);
        assertTrue(rollback.out().contains("- sysctl-file /etc/sysctl.d/99-zz-netune.conf (removed)"), rollback::toString);
        for (SshdContainer c : new SshdContainer[] {WEB1, WEB2}) {
            assertEquals("4096", sysctl(c, "net/core/somaxconn"));
            assertEquals("32768\t60999", sysctl(c, "net/ipv4/ip_local_port_range"));
            assertEquals("2", sysctl(c, "net/ipv4/tcp_tw_reuse"));
            assertFalse(c.execResult("test", "-e", "/etc/sysctl.d/99-zz-netune.conf").ok(), "the file netune created is gone");
        }
        // the rollback is itself an apply with a snapshot: history now has two
        assertEquals("2", WEB1.sh("ls /var/lib/netune/snapshots | wc -l").strip());
    }

    @Test
    void aSecondApplyOnALockedHostChangesNothing() throws Exception {
        // another apply holds the host lock (flock on /run/netune.lock) for a while
        WEB1.sh("echo 'pid 4242 of ops@elsewhere, snapshot x' > /run/netune.owner;"
                + " nohup flock /run/netune.lock sleep 30 >/dev/null 2>&1 &");
        Thread.sleep(500);
        Cli.Result apply = Cli.run("apply", "-i", inventory.toString(), "--yes");
        assertEquals(1, apply.exit(), apply::toString);
        assertTrue(apply.out().contains("FAILED - locked by another netune apply (pid 4242 of ops@elsewhere, snapshot x);"
                + " nothing changed"), apply::toString);
        assertEquals("4096", sysctl(WEB1, "net/core/somaxconn"), "the locked host is untouched");
        assertEquals("8192", sysctl(WEB2, "net/core/somaxconn"), "the other host is applied");
        releaseLock(WEB1);
    }

    @Test
    void rollingApplyStopsAfterAFailingBatchAndSkipsTheRest() throws Exception {
        // web-2 logs in as tuner without become: its apply fails ("needs root"); it is in the first batch
        Path inv = Files.writeString(dir.resolve("rolling.yaml"), """
                defaults:
                  identityFile: %s
                hosts:
                  web-2: {address: 127.0.0.1, port: %d, user: tuner, knownHosts: %s, profiles: [many-connections.yaml]}
                  web-1: {address: 127.0.0.1, port: %d, user: root, knownHosts: %s, profiles: [many-connections.yaml]}
                """.formatted(WEB1.identityFile(), WEB2.port(), WEB2.knownHostsFile(), WEB1.port(), WEB1.knownHostsFile()));
        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes", "--serial", "1");
        assertEquals(1, apply.exit(), apply::toString);
        assertTrue(apply.out().contains("web-2 (127.0.0.1:" + WEB2.port() + "): FAILED - apply needs root"), apply::toString);
        assertTrue(apply.out().contains("web-1 (127.0.0.1:" + WEB1.port() + "): skipped - not reached: a batch had 1 of 1"
                + " host(s) fail, over --max-fail-percent 0"), apply::toString);
        assertEquals("4096", sysctl(WEB1, "net/core/somaxconn"), "the skipped host is untouched");

        Cli.Result tolerant = Cli.run("apply", "-i", inv.toString(), "--yes", "--serial", "50%", "--max-fail-percent", "100");
        assertEquals(1, tolerant.exit(), tolerant::toString);
        assertEquals("8192", sysctl(WEB1, "net/core/somaxconn"), "with 100% allowed the next batch runs");

        Cli.Result bad = Cli.run("apply", "-i", inv.toString(), "--yes", "--serial", "0");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("--serial takes a number of hosts or a percentage"), bad::toString);
    }

    @Test
    void shardsSplitTheFleetAndTheirReportsMergeIntoOne() throws Exception {
        Cli.Result one = Cli.run("drift", "-i", inventory.toString(), "--shard", "1/2", "--format", "json");
        Cli.Result two = Cli.run("drift", "-i", inventory.toString(), "--shard", "2/2", "--format", "json");
        JsonNode a = JSON.readTree(one.out()).path("hosts");
        JsonNode b = JSON.readTree(two.out()).path("hosts");
        assertEquals(2, a.size() + b.size(), "every host in exactly one shard: " + one + two);
        Path fa = Files.writeString(dir.resolve("a.json"), one.out());
        Path fb = Files.writeString(dir.resolve("b.json"), two.out());
        Cli.Result merged = Cli.run("report", "merge", fa.toString(), fb.toString());
        assertEquals(2, merged.exit(), "both hosts drifted: " + merged);
        JsonNode summary = JSON.readTree(merged.out()).path("summary");
        assertEquals(2, summary.path("hosts").asInt());
        assertEquals(2, summary.path("changes").asInt());
    }

    @Test
    void groupAndHostVariablesGiveEachHostItsOwnValues() throws Exception {
        Files.writeString(dir.resolve("backlog.yaml"), """
                sysctl:
                  net.core.somaxconn: ${vars.backlog}
                  net.ipv4.ip_local_port_range: "${vars.port_lo} 65000"
                """);
        Path inv = Files.writeString(dir.resolve("vars-inventory.yaml"), """
                defaults: {user: root, identityFile: %s, knownHosts: %s, vars: {port_lo: 20000}}
                groups:
                  small:
                    vars: {backlog: 2048}
                    profiles: [backlog.yaml]
                    hosts:
                      web-1: {address: 127.0.0.1, port: %d}
                  big:
                    vars: {backlog: 16384}
                    profiles: [backlog.yaml]
                    hosts:
                      web-2: {address: 127.0.0.1, port: %d, knownHosts: %s, vars: {port_lo: 30000}}
                """.formatted(WEB1.identityFile(), WEB1.knownHostsFile(), WEB1.port(), WEB2.port(),
                WEB2.knownHostsFile()));

        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);
        assertEquals("2048", sysctl(WEB1, "net/core/somaxconn"));
        assertEquals("20000\t65000", sysctl(WEB1, "net/ipv4/ip_local_port_range"));
        assertEquals("16384", sysctl(WEB2, "net/core/somaxconn"));
        assertEquals("30000\t65000", sysctl(WEB2, "net/ipv4/ip_local_port_range"));

        // a host without the variable: refused at validation, before any host is contacted
        Files.writeString(inv, Files.readString(inv).replace("vars: {backlog: 16384}", "vars: {}"));
        Cli.Result plan = Cli.run("plan", "-i", inv.toString());
        assertEquals(1, plan.exit(), plan::toString);
        assertTrue(plan.err().contains("backlog.yaml:2:23: sysctl.net.core.somaxconn: undefined variable vars.backlog"
                + " for host web-2: define it in the inventory's group or host vars"), plan::toString);
        Cli.Result validate = Cli.run("validate", "-i", inv.toString(), dir.resolve("backlog.yaml").toString());
        assertEquals(1, validate.exit(), validate::toString);
        assertTrue(validate.err().contains("undefined variable vars.backlog for host web-2"), validate::toString);
    }

    /**
     * apply --yes reads and applies each host in one execution. sshd starts the user's login
     * shell once for every exec request, so a login shell that counts itself counts them: as
     * root on web-1, as the sudo user on web-2.
     */
    @Test
    void applyWithYesReadsAndAppliesEachHostInOneExecution() {
        String[][] logins = {{"root", ""}, {"tuner", ""}};
        SshdContainer[] hosts = {WEB1, WEB2};
        for (int i = 0; i < 2; i++) {
            SshdContainer c = hosts[i];
            logins[i][1] = c.sh("getent passwd " + logins[i][0] + " | cut -d: -f7").strip();
            c.sh("rm -f /tmp/netune-execs; printf '%s\\n' '#!/bin/sh' 'echo exec >> /tmp/netune-execs'"
                    + " 'exec " + logins[i][1] + " \"$@\"' > /usr/local/bin/counted-login"
                    + " && chmod 755 /usr/local/bin/counted-login && usermod -s /usr/local/bin/counted-login " + logins[i][0]);
        }
        try {
            // --max-fail-percent once chose another path, which showed no plan (it only acts with --serial)
            for (String maxFail : new String[] {"0", "100"}) {
                for (SshdContainer c : hosts) {
                    c.sh("echo 4096 > /proc/sys/net/core/somaxconn; rm -f /tmp/netune-execs");
                }
                Cli.Result apply = Cli.run("apply", "-i", inventory.toString(), "--yes", "--max-fail-percent", maxFail);
                assertEquals(0, apply.exit(), apply::toString);
                int plan = apply.out().indexOf(" change(s) on 2 host(s); 0 unchanged");
                assertTrue(plan >= 0 && plan < apply.out().indexOf("Apply: 2 changed, 0 ok, 0 failed, 0 unreachable"),
                        "the plan, then what was applied: " + apply);
                for (SshdContainer c : hosts) {
                    assertEquals("8192", sysctl(c, "net/core/somaxconn"));
                    assertEquals("exec", c.sh("cat /tmp/netune-execs").strip(), "one execution: the gather and the apply");
                }
            }
        } finally {
            for (int i = 0; i < 2; i++) {
                hosts[i].sh("usermod -s " + logins[i][1] + " " + logins[i][0] + "; rm -f /tmp/netune-execs");
            }
        }
    }

    /**
     * A wrapper in place of the container's mv that hangs on the persisted file's rename: the apply
     * is cut there, deterministically, after the sysctl writes (the shell's own printf: no process
     * to hang between them; SysctlScriptsRunTest cuts a script amid its writes) and before
     * /etc/sysctl.d/99-zz-netune.conf, whose temporary is written but not yet renamed.
     */
    private static void hangOnThePersistedFile(SshdContainer c) {
        c.sh("mv /usr/bin/mv /usr/bin/mv.real && printf '%s\\n' '#!/bin/sh'"
                + " 'case \"$*\" in */sysctl.d/*) sleep 60;; esac' 'exec /usr/bin/mv.real \"$@\"' > /usr/bin/mv"
                + " && chmod 755 /usr/bin/mv");
    }

    private static void realMv(SshdContainer c) {
        c.sh("if [ -e /usr/bin/mv.real ]; then /usr/bin/mv.real -f /usr/bin/mv.real /usr/bin/mv; fi; pkill -x sleep; true");
    }

    @Test
    void anInterruptedApplyLeavesEachSettingOldOrNewKeepsTheSnapshotAndTheNextPlanShowsWhatIsLeft() throws Exception {
        hangOnThePersistedFile(WEB1);
        try {
            Cli.Result apply = Cli.run("apply", "-i", inventory.toString(), "--limit", "web-1", "--yes", "--timeout", "5");
            assertEquals(1, apply.exit(), apply::toString);
            assertTrue(apply.out().contains("FAILED - apply interrupted: script on web-1 (127.0.0.1:" + WEB1.port()
                    + ") did not finish within 5s; it was stopped"), apply::toString);

            // written before the cut: new; the persisted file, at the cut: not written at all
            assertEquals("8192", sysctl(WEB1, "net/core/somaxconn"));
            assertEquals("10000\t65000", sysctl(WEB1, "net/ipv4/ip_local_port_range"));
            assertEquals("1", sysctl(WEB1, "net/ipv4/tcp_tw_reuse"));
            assertFalse(WEB1.sh("test -e /etc/sysctl.d/99-zz-netune.conf && echo present; true").contains("present"));
            String snapshot = WEB1.sh("cat /var/lib/netune/snapshots/*.json");
            assertTrue(snapshot.contains("net.ipv4.tcp_tw_reuse") && snapshot.contains("net.core.somaxconn"),
                    "the snapshot of the whole plan stays: " + snapshot);

            // the host's watchdog ends the stuck script a second after netune gave up, and its lock with it
            for (int i = 0; i < 50 && !WEB1.sh("pgrep -x sleep || true").isBlank(); i++) {
                Thread.sleep(200);
            }
            assertTrue(WEB1.sh("pgrep -x sleep || true").isBlank(), "the stuck write was killed with its script");
            Cli.Result plan = Cli.run("plan", "-i", inventory.toString(), "--limit", "web-1");
            assertEquals(0, plan.exit(), plan::toString);
            assertTrue(plan.out().contains("web-1 (127.0.0.1:" + WEB1.port() + "): 1 to change"), plan::toString);
            assertFalse(plan.out().contains("~ sysctl "), plan::toString);
            assertTrue(plan.out().contains("+ sysctl-file /etc/sysctl.d/99-zz-netune.conf"), plan::toString);
        } finally {
            realMv(WEB1);
        }
        assertTrue(WEB1.sh("ls -A /etc/sysctl.d").contains(".netune.99-zz-netune.conf."),
                "the cut write left its temporary: " + WEB1.sh("ls -A /etc/sysctl.d"));
        Cli.Result again = Cli.run("apply", "-i", inventory.toString(), "--limit", "web-1", "--yes");
        assertEquals(0, again.exit(), "not locked, and what was left is applied: " + again);
        assertTrue(WEB1.sh("cat /etc/sysctl.d/99-zz-netune.conf").contains("net.ipv4.tcp_tw_reuse = 1"), again::toString);
        assertFalse(WEB1.sh("ls -A /etc/sysctl.d").contains(".netune."), "the next write removed the temporary");
    }

    @Test
    void aKilledControllerLeavesEachSettingOldOrNewAndTheHostLockedUntilItsScriptEnds() throws Exception {
        hangOnThePersistedFile(WEB1);
        Path log = dir.resolve("killed.log");
        Process netune = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.netune.cli.Main",
                "apply", "-i", inventory.toString(), "--limit", "web-1", "--yes")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            for (int i = 0; i < 150 && WEB1.sh("pgrep -x sleep || true").isBlank(); i++) {
                Thread.sleep(200); // until the apply reaches the hanging write
            }
            assertFalse(WEB1.sh("pgrep -x sleep || true").isBlank(), "the apply never reached the write: "
                    + Files.readString(log));
            netune.destroyForcibly().waitFor();

            assertEquals("8192", sysctl(WEB1, "net/core/somaxconn"));
            assertEquals("1", sysctl(WEB1, "net/ipv4/tcp_tw_reuse"));
            Cli.Result locked = Cli.run("apply", "-i", inventory.toString(), "--limit", "web-1", "--yes");
            assertEquals(1, locked.exit(), locked::toString);
            assertTrue(locked.out().contains("locked by another netune apply ("), "the orphaned script still holds the"
                    + " host: " + locked);
        } finally {
            netune.destroyForcibly();
            realMv(WEB1); // the hung mv ends; the orphaned script goes on until its output has nowhere to go
        }
        for (int i = 0; i < 50 && !WEB1.sh("pgrep -f 'sh -s' || true").isBlank(); i++) {
            Thread.sleep(200);
        }
        // whatever the orphan got to, the file is there whole or not at all, and the plan lists exactly the rest
        boolean written = WEB1.sh("test -e /etc/sysctl.d/99-zz-netune.conf && echo present; true").contains("present");
        Cli.Result plan = Cli.run("plan", "-i", inventory.toString(), "--limit", "web-1");
        assertEquals(0, plan.exit(), plan::toString);
        assertEquals(!written, plan.out().contains("+ sysctl-file /etc/sysctl.d/99-zz-netune.conf"), plan::toString);
        assertFalse(plan.out().contains("~ sysctl "), plan::toString);
        Cli.Result again = Cli.run("apply", "-i", inventory.toString(), "--limit", "web-1", "--yes");
        assertEquals(0, again.exit(), again::toString);
        assertTrue(WEB1.sh("cat /etc/sysctl.d/99-zz-netune.conf").contains("net.ipv4.tcp_tw_reuse = 1"), again::toString);
    }
}
