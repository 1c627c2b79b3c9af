package dev.netune.report;

import static dev.netune.report.Fixtures.BACKLOG;
import static dev.netune.report.Fixtures.CREATE_FILE;
import static dev.netune.report.Fixtures.RECYCLE;
import static dev.netune.report.Fixtures.SOMAXCONN;
import static dev.netune.report.Fixtures.outcome;
import static dev.netune.report.Fixtures.plan;
import static dev.netune.report.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.plan.Change;
import dev.netune.plan.ChangeKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetViewTest {
    private static final TextReport PLAIN = new TextReport(false);

    /** 50 hosts: web-01..48 share two changes, db-1 failed with a plan error, db-2 has its own value. */
    static List<HostOutcome> fiftyHosts() {
        List<HostOutcome> out = new ArrayList<>();
        for (int i = 1; i <= 48; i++) {
            out.add(outcome(target(String.format("web-%02d", i), "10.0.1." + i), HostStatus.CHANGES,
                    plan(List.of(SOMAXCONN, BACKLOG), List.of(), List.of(), List.of()), ""));
        }
        out.add(outcome(target("db-1", "10.0.2.1"), HostStatus.FAILED,
                plan(List.of(SOMAXCONN), List.of(), List.of(RECYCLE), List.of()), "1 plan error(s)"));
        out.add(outcome(target("db-2", "10.0.2.2"), HostStatus.CHANGES,
                plan(List.of(new Change(ChangeKind.of("sysctl"), "net.core.somaxconn", "128", "8192")), List.of(), List.of(), List.of()),
                ""));
        return out;
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    @Test
    void fiftyHostsSharingChangesPrintThemOnce() {
        String text = PLAIN.plan(fiftyHosts(), false);
        assertEquals("""
                Failed
                  FAILED - 1 plan error(s) on 1 host: db-1
                  ! sysctl net.ipv4.tcp_tw_recycle: net.ipv4.tcp_tw_recycle does not exist on this host (kernel\
                 6.1.0-18-amd64); a module may be missing or the key misspelt on 1 host: db-1
                Changes (each listed once with its hosts; -v shows every host)
                  ~ sysctl net.core.somaxconn: 4096 -> 8192 on 48 hosts: web-[01:48]
                  ~ sysctl net.core.netdev_max_backlog: 1000 -> 16384  (global to the kernel, not per network\
                 namespace) on 48 hosts: web-[01:48]
                  ~ sysctl net.core.somaxconn: 128 -> 8192 on 1 host: db-2
                """, text.substring(0, text.indexOf("\nHosts\n")));
        assertEquals(1, count(text, "4096 -> 8192"), text);
        assertTrue(text.endsWith("Plan: 97 change(s) on 49 host(s); 0 unchanged, 1 failed, 0 unreachable (50 host(s))\n"),
                text);
    }

    @Test
    void hostTextCannotSendEscapeSequences() {
        List<HostOutcome> fleet = new ArrayList<>(fiftyHosts());
        fleet.set(49, outcome(target("db-2", "10.0.2.2"), HostStatus.CHANGES, plan(List.of(
                new Change(ChangeKind.of("sysctl"), "net.core.somaxconn", "128\u001b[2J\u001b]0;owned\u0007", "8192")), List.of(), List.of(),
                List.of()), ""));
        String text = PLAIN.plan(fleet, false);
        assertFalse(text.contains("\u001b") || text.contains("\u0007"), text);
        assertTrue(text.contains("~ sysctl net.core.somaxconn: 128^[[2J^[]0;owned^G -> 8192 on 1 host: db-2"), text);
    }

    @Test
    void verboseShowsEveryHost() {
        String text = PLAIN.plan(fiftyHosts(), true);
        assertEquals(49, count(text, "4096 -> 8192"), text); // the 48 and the failed db-1's
        assertTrue(text.startsWith("web-01 (10.0.1.1:22): 2 to change\n"), text);
    }

    @Test
    void aSmallFleetIsStillPrintedHostByHost() {
        List<HostOutcome> ten = fiftyHosts().subList(0, FleetView.HOSTS);
        assertEquals(FleetView.HOSTS, count(PLAIN.plan(ten, false), "4096 -> 8192"));
    }

    @Test
    void filesShowTheirLinesOnceAndUnchangedHostsAreRanged() {
        List<HostOutcome> fleet = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            fleet.add(outcome(target("lb-" + i, "10.0.3." + i), i <= 6 ? HostStatus.CHANGES : HostStatus.OK,
                    plan(i <= 6 ? List.of(CREATE_FILE) : List.of(), List.of(), List.of(), List.of("a warning")), ""));
        }
        String text = PLAIN.plan(fleet, false);
        assertEquals("""
                Changes (each listed once with its hosts; -v shows every host)
                  + sysctl-file /etc/sysctl.d/99-zz-netune.conf  (persists the values across reboots) on 6 hosts: lb-[1:6]
                      + # Managed by netune. Do not edit: `netune apply` rewrites this file.
                      + # Change the profile instead; `netune drift` reports edits made here.
                      + net.core.netdev_max_backlog = 16384
                      + net.core.somaxconn = 8192
                  warning: a warning on 12 hosts: lb-[1:12]
                No changes on 6 hosts: lb-[7:12]
                """, text.substring(0, text.indexOf("\nHosts\n")));
    }
}
