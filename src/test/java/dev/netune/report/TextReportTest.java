package dev.netune.report;

import dev.netune.plan.ChangeKind;
import static dev.netune.report.Fixtures.BACKLOG;
import static dev.netune.report.Fixtures.CREATE_FILE;
import static dev.netune.report.Fixtures.RANGE_OK;
import static dev.netune.report.Fixtures.RECYCLE;
import static dev.netune.report.Fixtures.SOMAXCONN;
import static dev.netune.report.Fixtures.UPDATE_FILE;
import static dev.netune.report.Fixtures.applied;
import static dev.netune.report.Fixtures.outcome;
import static dev.netune.report.Fixtures.plan;
import static dev.netune.report.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.engine.Target;
import dev.netune.plan.Change;
import dev.netune.profile.DesiredState;
import dev.netune.setting.ChangeResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TextReportTest {
    private static final TextReport PLAIN = new TextReport(false);

    private static final Target WEB1 = target("web-1", "10.0.0.11");
    private static final Target WEB2 = target("web-2", "10.0.0.12");
    private static final Target DB1 = target("db-1", "10.0.1.21");
    private static final Target PROXY1 = target("proxy-1", "10.0.2.31");
    private static final Target LB1 = target("lb-1", "10.0.3.41");

    private static List<HostOutcome> fleetPlan() {
        return List.of(
                outcome(WEB1, HostStatus.CHANGES,
                        plan(List.of(SOMAXCONN, BACKLOG, CREATE_FILE), List.of(RANGE_OK), List.of(),
                                List.of("net.core.netdev_max_backlog is global: the host's other namespaces see it too")),
                        ""),
                outcome(WEB2, HostStatus.OK, plan(List.of(), List.of(RANGE_OK), List.of(), List.of()), ""),
                outcome(DB1, HostStatus.FAILED, plan(List.of(), List.of(), List.of(RECYCLE), List.of()),
                        "1 plan error(s)"),
                outcome(PROXY1, HostStatus.UNREACHABLE, null,
                        "cannot connect to 10.0.2.31:22: Connection refused"));
    }

    @Test
    void aLibraryFileIsOneLineWithItsDigestAndLengthAndAGeneratedFileIsShownInFull() {
        String library = "# Managed by netune.\nf() {\n  echo one\n}\ng() {\n  echo two\n}\n";
        Change lib = new Change(ChangeKind.of("nic-boot-library"), "/etc/netune/lib/nic-restore.sh", null, library,
                List.of("the NIC restore functions /etc/netune/nic-settings.sh sources"));
        Change upgrade = new Change(ChangeKind.of("nic-boot-library"), "/etc/netune/lib/nic-restore.sh", "x\ny\n", library);
        Change script = new Change(ChangeKind.of("nic-boot-script"), "/etc/netune/nic-settings.sh", null,
                "#!/bin/sh\n. '/etc/netune/lib/nic-restore.sh'\nf\n");
        String text = PLAIN.plan(List.of(outcome(WEB1, HostStatus.CHANGES,
                plan(List.of(lib, upgrade, script), List.of(), List.of(), List.of()), "")), false);
        assertTrue(text.contains("""
                  + nic-boot-library /etc/netune/lib/nic-restore.sh: absent -> sha256 e97c8fa8b9c2, 7 lines\
                  (the NIC restore functions /etc/netune/nic-settings.sh sources)
                  ~ nic-boot-library /etc/netune/lib/nic-restore.sh: sha256 9ab9de25768a, 2 lines -> sha256 e97c8fa8b9c2, 7 lines
                  + nic-boot-script /etc/netune/nic-settings.sh
                      + #!/bin/sh
                      + . '/etc/netune/lib/nic-restore.sh'
                      + f
                """), text);
        assertFalse(text.contains("echo one"), text);
        String applied = PLAIN.apply(List.of(applied(WEB1, HostStatus.CHANGED, plan(List.of(lib), List.of(), List.of(),
                List.of()), List.of(new ChangeResult(lib, true, library.strip(), "written")), "1 change(s) applied")));
        assertTrue(applied.contains("  ✓ nic-boot-library /etc/netune/lib/nic-restore.sh = sha256 e97c8fa8b9c2, 7 lines\n"),
                applied);
    }

    @Test
    void planOfAFleet() {
        assertEquals("""
                web-1 (10.0.0.11:22): 3 to change
                  ~ sysctl net.core.somaxconn: 4096 -> 8192
                  ~ sysctl net.core.netdev_max_backlog: 1000 -> 16384  (global to the kernel, not per network namespace)
                  + sysctl-file /etc/sysctl.d/99-zz-netune.conf  (persists the values across reboots)
                      + # Managed by netune. Do not edit: `netune apply` rewrites this file.
                      + # Change the profile instead; `netune drift` reports edits made here.
                      + net.core.netdev_max_backlog = 16384
                      + net.core.somaxconn = 8192
                  warning: net.core.netdev_max_backlog is global: the host's other namespaces see it too
                web-2 (10.0.0.12:22): no changes (1 setting(s) already as wanted)
                db-1 (10.0.1.21:22): FAILED - 1 plan error(s)
                  ! sysctl net.ipv4.tcp_tw_recycle: net.ipv4.tcp_tw_recycle does not exist on this host\
                 (kernel 6.1.0-18-amd64); a module may be missing or the key misspelt
                proxy-1 (10.0.2.31:22): UNREACHABLE - cannot connect to 10.0.2.31:22: Connection refused

                Hosts
                  ok               1
                  changes          1
                  failed           1
                  unreachable      1
                Needs a look
                  db-1     failed: 1 plan error(s)
                  proxy-1  unreachable: cannot connect to 10.0.2.31:22: Connection refused

                Plan: 3 change(s) on 1 host(s); 1 unchanged, 1 failed, 1 unreachable (4 host(s))
                """, PLAIN.plan(fleetPlan(), false));
    }

    @Test
    void verbosePlanListsWhatIsAlreadyAsWanted() {
        String text = PLAIN.plan(List.of(
                outcome(WEB1, HostStatus.CHANGES, plan(List.of(SOMAXCONN), List.of(RANGE_OK), List.of(), List.of()), ""),
                outcome(WEB2, HostStatus.OK, plan(List.of(), List.of(RANGE_OK), List.of(), List.of()), "")), true);
        assertEquals("""
                web-1 (10.0.0.11:22): 1 to change
                  ~ sysctl net.core.somaxconn: 4096 -> 8192
                  = net.ipv4.ip_local_port_range is already 10000 65000
                web-2 (10.0.0.12:22): no changes (1 setting(s) already as wanted)
                  = net.ipv4.ip_local_port_range is already 10000 65000

                Hosts
                  ok               1
                  changes          1

                Plan: 1 change(s) on 1 host(s); 1 unchanged, 0 failed, 0 unreachable (2 host(s))
                """, text);
    }

    @Test
    void editedFileShowsOnlyTheLinesThatDiffer() {
        String text = PLAIN.plan(List.of(outcome(WEB1, HostStatus.CHANGES,
                plan(List.of(UPDATE_FILE), List.of(), List.of(), List.of()), "")), false);
        assertEquals("""
                web-1 (10.0.0.11:22): 1 to change
                  ~ sysctl-file /etc/sysctl.d/99-zz-netune.conf  (persists the values across reboots)
                      - net.core.somaxconn = 1024
                      - vm.swappiness = 10
                      + net.core.somaxconn = 8192

                Plan: 1 change(s) on 1 host(s); 0 unchanged, 0 failed, 0 unreachable (1 host(s))
                """, text);
    }

    @Test
    void staleAndSkippedHostsAndLocalTarget() {
        Target local = Target.local(DesiredState.EMPTY);
        String text = PLAIN.plan(List.of(
                outcome(local, HostStatus.OK, plan(List.of(), List.of(), List.of(), List.of()), ""),
                outcome(WEB1, HostStatus.STALE, plan(List.of(SOMAXCONN), List.of(), List.of(), List.of()),
                        "saved plan is stale: sysctl net.core.somaxconn was 4096 when planned, is now 1024;"
                                + " nothing applied, make a new plan"),
                outcome(WEB2, HostStatus.SKIPPED, null, "")), false);
        assertEquals("""
                localhost (local): no changes
                web-1 (10.0.0.11:22): STALE - saved plan is stale: sysctl net.core.somaxconn was 4096 when planned,\
                 is now 1024; nothing applied, make a new plan
                  ~ sysctl net.core.somaxconn: 4096 -> 8192
                web-2 (10.0.0.12:22): skipped

                Hosts
                  ok               1
                  stale            1
                  skipped          1
                Needs a look
                  web-1  stale: saved plan is stale: sysctl net.core.somaxconn was 4096 when planned, is now 1024;\
                 nothing applied, make a new plan

                """, text.substring(0, text.indexOf("Plan: ")));
        // the change count of a stale host: see planSummaryCountsOnlyChangesThatWillBeMade
        assertTrue(text.endsWith(" on 0 host(s); 1 unchanged, 0 failed, 0 unreachable, 1 stale (3 host(s))\n"), text);
    }

    @Test
    void planSummaryCountsOnlyChangesThatWillBeMade() {
        String text = PLAIN.plan(List.of(outcome(DB1, HostStatus.FAILED,
                plan(List.of(SOMAXCONN), List.of(), List.of(RECYCLE), List.of()), "1 plan error(s)")), false);
        assertTrue(text.endsWith("\nPlan: 0 change(s) on 0 host(s); 0 unchanged, 1 failed, 0 unreachable (1 host(s))\n"),
                text);
    }

    @Test
    void emptyFleet() {
        assertEquals("\nPlan: 0 change(s) on 0 host(s); 0 unchanged, 0 failed, 0 unreachable (0 host(s))\n",
                PLAIN.plan(List.of(), false));
        assertEquals("\nApply: 0 changed, 0 ok, 0 failed, 0 unreachable (0 host(s))\n", PLAIN.apply(List.of()));
    }

    @Test
    void applyResults() {
        Change range = new Change(ChangeKind.of("sysctl"), "net.ipv4.ip_local_port_range", "32768 60999", "10000 65000");
        Change twReuse = new Change(ChangeKind.of("sysctl"), "net.ipv4.tcp_tw_reuse", "2", "1");
        HostOutcome changed = applied(WEB1, HostStatus.CHANGED,
                plan(List.of(SOMAXCONN, range, CREATE_FILE), List.of(), List.of(), List.of()),
                List.of(new ChangeResult(SOMAXCONN, true, "8192", "set"),
                        new ChangeResult(range, true, "10000 65000", "set"),
                        new ChangeResult(CREATE_FILE, true, CREATE_FILE.after().strip(), "written")),
                "3 change(s) applied and verified");
        HostOutcome failed = applied(DB1, HostStatus.FAILED,
                plan(List.of(twReuse, BACKLOG, CREATE_FILE), List.of(), List.of(), List.of()),
                List.of(new ChangeResult(twReuse, false, "2",
                                "write failed: sh: 3: cannot create /proc/sys/net/ipv4/tcp_tw_reuse: Permission denied"),
                        new ChangeResult(BACKLOG, false, null, "not applied: the apply script stopped before it"),
                        new ChangeResult(CREATE_FILE, false, null, "write failed: mkdir: Read-only file system")),
                "3 of 3 change(s) failed");
        HostOutcome planErrors = outcome(PROXY1, HostStatus.FAILED,
                plan(List.of(), List.of(), List.of(RECYCLE), List.of()), "1 plan error(s)");
        String text = PLAIN.apply(List.of(changed, failed, planErrors,
                outcome(WEB2, HostStatus.OK, plan(List.of(), List.of(RANGE_OK), List.of(), List.of()), ""),
                outcome(LB1, HostStatus.UNREACHABLE, null, "authentication failed for root@10.0.3.41"),
                outcome(target("lb-2", "10.0.3.42"), HostStatus.STALE, plan(List.of(SOMAXCONN), List.of(), List.of(),
                        List.of()), "saved plan is stale: sysctl net.core.somaxconn no longer needs a change;"
                        + " nothing applied, make a new plan"),
                outcome(target("lb-3", "10.0.3.43"), HostStatus.SKIPPED, null, "declined")));
        assertEquals("""
                web-1 (10.0.0.11:22): changed - 3 change(s) applied and verified
                  ✓ sysctl net.core.somaxconn = 8192
                  ✓ sysctl net.ipv4.ip_local_port_range = 10000 65000
                  ✓ sysctl-file /etc/sysctl.d/99-zz-netune.conf
                db-1 (10.0.1.21:22): FAILED - 3 of 3 change(s) failed
                  ✗ sysctl net.ipv4.tcp_tw_reuse = 2: write failed: sh: 3: cannot create\
                 /proc/sys/net/ipv4/tcp_tw_reuse: Permission denied
                  ✗ sysctl net.core.netdev_max_backlog = ?: not applied: the apply script stopped before it
                  ✗ sysctl-file /etc/sysctl.d/99-zz-netune.conf: write failed: mkdir: Read-only file system
                proxy-1 (10.0.2.31:22): FAILED - 1 plan error(s)
                  ! sysctl net.ipv4.tcp_tw_recycle: net.ipv4.tcp_tw_recycle does not exist on this host\
                 (kernel 6.1.0-18-amd64); a module may be missing or the key misspelt
                web-2 (10.0.0.12:22): no changes (1 setting(s) already as wanted)
                lb-1 (10.0.3.41:22): UNREACHABLE - authentication failed for root@10.0.3.41
                lb-2 (10.0.3.42:22): STALE - saved plan is stale: sysctl net.core.somaxconn no longer needs a change;\
                 nothing applied, make a new plan
                lb-3 (10.0.3.43:22): skipped - declined

                Hosts
                  ok               1
                  changed          1
                  failed           2
                  unreachable      1
                  stale            1
                  skipped          1
                Needs a look
                  db-1     failed: 3 of 3 change(s) failed
                  proxy-1  failed: 1 plan error(s)
                  lb-1     unreachable: authentication failed for root@10.0.3.41
                  lb-2     stale: saved plan is stale: sysctl net.core.somaxconn no longer needs a change; nothing applied,\
                 make a new plan

                Apply: 1 changed, 1 ok, 2 failed, 1 unreachable, 1 stale, 1 skipped (7 host(s))
                """, text);
    }

    @Test
    void colourOnlyWhenAsked() {
        List<HostOutcome> fleet = fleetPlan();
        String plain = PLAIN.plan(fleet, true) + PLAIN.apply(fleet);
        assertFalse(plain.contains("\u001b"), plain);
        String coloured = new TextReport(true).plan(List.of(fleet.get(0)), false);
        assertTrue(coloured.startsWith("\u001b[1mweb-1 (10.0.0.11:22)\u001b[0m: \u001b[33m3 to change\u001b[0m\n"
                + "  \u001b[33m~\u001b[0m sysctl net.core.somaxconn: 4096 -> 8192\n"), coloured);
        assertTrue(coloured.contains("  \u001b[32m+\u001b[0m sysctl-file /etc/sysctl.d/99-zz-netune.conf"), coloured);
        assertTrue(coloured.contains("\u001b[1mPlan: \u001b[0m3 change(s)"), coloured);
        String failed = new TextReport(true).plan(List.of(fleet.get(2)), false);
        assertTrue(failed.startsWith("\u001b[1mdb-1 (10.0.1.21:22)\u001b[0m: \u001b[31mFAILED\u001b[0m - 1 plan error(s)\n"
                + "  \u001b[31m!\u001b[0m sysctl net.ipv4.tcp_tw_recycle: "), failed);
    }

    @Test
    void factsOfEachHost() throws Exception {
        HostOutcome local = new HostOutcome(Target.local(DesiredState.EMPTY), HostStatus.OK, Fixtures.facts("""
                @@netune sysctl net.core.somaxconn present
                4096
                @@netune sysctl net.ipv4.ip_local_port_range present
                32768\t60999
                """), null, List.of(), "");
        HostOutcome down = outcome(WEB2, HostStatus.UNREACHABLE, null, "connection timed out");
        assertEquals("""
                localhost (local)
                  host:
                    hostname web-1, kernel 6.1.0-18-amd64, scripts run as uid 0
                  sysctl:
                    net.core.somaxconn = 4096
                    net.ipv4.ip_local_port_range = 32768 60999
                    /etc/sysctl.d/99-zz-netune.conf: absent
                web-2 (10.0.0.12:22): UNREACHABLE - connection timed out
                """, PLAIN.facts(List.of(local, down)));
    }

    record Ring(String nic, int rx, List<String> modes, Map<String, Integer> max, String raw, Optional<String> note,
                List<String> empty) {
    }

    @Test
    void factTextOfPlainRecords() {
        assertEquals("""
                nic: eth0
                rx: 256
                modes:
                  - adaptive
                  - fixed
                max:
                  rx: 4096
                  tx: 4096
                raw:
                  | Ring parameters for eth0:
                  | RX:\t256
                """, FactText.render(new Ring("eth0", 256, List.of("adaptive", "fixed"), Map.of("tx", 4096, "rx", 4096),
                "Ring parameters for eth0:\nRX:\t256", Optional.empty(), List.of())));
    }

    @Test
    void aLongListOfFailuresIsCutAfterTwenty() {
        List<HostOutcome> many = new java.util.ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            many.add(outcome(target("h-" + i, "10.0.9." + i), HostStatus.UNREACHABLE, null, "connection refused"));
        }
        String text = PLAIN.plan(many, false);
        assertTrue(text.contains("  unreachable     25\n"), text);
        assertTrue(text.contains("  h-20  unreachable: connection refused\n  ... and 5 more (each is reported above)\n"), text);
        assertFalse(text.contains("  h-21  unreachable"), text);
    }

    // ---- host text never reaches the terminal raw (issue #19 item 10) ----

    /** OSC title + clipboard write, clear screen, cursor up, a CSI as one C1 byte, a bidi override. */
    private static final String EVIL = "4096\u001b]0;pwned\u0007\u001b]52;c;ZWNobyBvd25lZA==\u0007\u001b[2J\u001b[1A"
            + "\u009b31m\r\u202eok";

    private static List<HostOutcome> evilOutcomes() {
        Change c = new Change(ChangeKind.of("sysctl"), "net.core." + EVIL, EVIL, "8192", List.of("note " + EVIL));
        return List.of(
                outcome(target("web-1", "10.0.0.11"), HostStatus.CHANGES, plan(List.of(c), List.of(),
                        List.of(new dev.netune.plan.PlanError(dev.netune.plan.ChangeKind.of("sysctl"), "x", "error " + EVIL)), List.of("warn " + EVIL)), ""),
                outcome(target("web-2", "10.0.0.12"), HostStatus.FAILED, null, "sudo: " + EVIL),
                applied(target("web-3", "10.0.0.13"), HostStatus.FAILED, plan(List.of(c), List.of(), List.of(), List.of()),
                        List.of(new ChangeResult(c, false, EVIL, "write failed: " + EVIL)), "1 failed"));
    }

    @Test
    void escapeSequencesFromHostsAreShownNotSent() {
        for (TextReport report : new TextReport[] {PLAIN, new TextReport(true)}) {
            for (String out : new String[] {report.plan(evilOutcomes(), true), report.apply(evilOutcomes())}) {
                assertTrue(out.contains("4096^[]0;pwned^G^[]52;c;ZWNobyBvd25lZA==^G^[[2J^[[1A\\x9b31m^M<U+202E>ok"), out);
                assertFalse(out.contains("\r") || out.contains("\u0007") || out.contains("\u009b")
                        || out.contains("\u202e"), out);
                // the only escapes left are netune's own colours: ESC [ digits m
                assertEquals("", out.replaceAll("\u001b\\[[0-9;]*m", "").replaceAll("[^\u001b]", ""), out);
            }
        }
    }

    @Test
    void safeTextKeepsNewlinesTabsAndPrintableUnicode() {
        assertEquals("a\tb\nc ü €", SafeText.of("a\tb\nc ü €"));
        assertEquals("^@^[^?\\x85<U+2066>", SafeText.of("\u0000\u001b\u007f\u0085\u2066"));
        assertEquals("null", SafeText.of(null));
    }
}
