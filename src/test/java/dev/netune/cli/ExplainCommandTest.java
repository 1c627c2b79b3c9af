package dev.netune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void printsEverySettingWithTheCommentAboveItFileByFile() throws Exception {
        write("base.yaml", """
                # a file comment is not a setting's
                name: base
                sysctl:
                  # Why: survive SYN floods.
                  # Cost: some TCP options
                  # are lost while cookies are in use.
                  net.ipv4.tcp_syncookies: 1

                  net.core.somaxconn: 1024
                """);
        Path web = write("web.yaml", """
                name: web
                description: A web host.
                extends: [base]
                sysctl:
                  # Why: a bigger accept queue.
                  net.core.somaxconn: 8192
                  # keep ports apart from services
                  net.ipv4.ip_local_port_range: "10000 65000"
                limits:
                  # Why: enough descriptors for every connection.
                  # Cost: none until used.
                  nofile:
                    soft: 65536
                    # Why: the ceiling a process may raise to.
                    hard: 65536
                  systemd: {defaultLimitNOFILE: "1024:65536"}
                softirq:
                  budget: 600
                """);
        CliRun r = CliRun.run("explain", web.toString());
        assertEquals("", r.err());
        assertEquals(0, r.exit());
        assertEquals("web (" + web + "): A web host.\n"
                + "\n"
                + "# from base.yaml\n"
                + "net.ipv4.tcp_syncookies = 1\n"
                + "    kernel default: 1 (ip-sysctl.rst); this value restates the kernel default: it tunes nothing there\n"
                + "    why: survive SYN floods.\n"
                + "    cost: some TCP options are lost while cookies are in use.\n"
                + "net.core.somaxconn = 1024  (overridden by web.yaml)\n"
                + "    kernel default: 4096 since 5.4, 128 before (ip-sysctl.rst)\n"
                + "    (no explanation in the profile)\n"
                + "\n"
                + "# from web.yaml\n"
                + "net.core.somaxconn = 8192\n"
                + "    kernel default: 4096 since 5.4, 128 before (ip-sysctl.rst)\n"
                + "    why: a bigger accept queue.\n"
                + "net.ipv4.ip_local_port_range = 10000 65000\n"
                + "    kernel default: 32768 60999 (ip-sysctl.rst)\n"
                + "    keep ports apart from services\n"
                + "limits.nofile.soft = 65536\n"
                + "    why: enough descriptors for every connection.\n"
                + "    cost: none until used.\n"
                + "limits.nofile.hard = 65536\n"
                + "    why: the ceiling a process may raise to.\n"
                + "limits.systemd = {defaultLimitNOFILE: \"1024:65536\"}\n"
                + "    (no explanation in the profile)\n"
                + "softirq.budget = 600\n"
                + "    kernel default: 300 (net/core/dev.c)\n"
                + "    (no explanation in the profile)\n", r.out());
    }

    @Test
    void invalidProfileExitsOneLikeValidate() throws Exception {
        Path bad = write("bad.yaml", "limits:\n  nofile: {soft: 10, hard: 5}\n");
        CliRun r = CliRun.run("explain", bad.toString());
        assertEquals(new CliRun(1, "", bad + ":2:18: limits.nofile.soft: soft limit 10 is above the hard limit 5;"
                + " a process can raise its soft limit only up to the hard one\n"
                + "netune: 1 problem(s) found; nothing was changed\n"), r);
    }

    @Test
    void everyShippedProfileExplainsEveryKey() throws Exception {
        List<Path> shipped;
        try (Stream<Path> s = Files.list(Path.of("profiles"))) {
            shipped = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(shipped.size() >= 5, shipped.toString());
        for (Path p : shipped) {
            CliRun r = CliRun.run("explain", p.toString());
            assertEquals(0, r.exit(), p + ": " + r);
            assertFalse(r.out().contains("(no explanation"), p + " has a key without a comment:\n" + r.out());
            assertTrue(r.out().contains("    why: "), r.out());
            assertTrue(r.out().contains("    cost: "), r.out());
        }
        CliRun web = CliRun.run("explain", "profiles/web-server.yaml");
        assertTrue(web.out().contains("\n# from base.yaml\n"), web.out());
        assertTrue(web.out().contains("\nlimits.nofile = {soft: 1048576, hard: 1048576, users: [\"*\", root]}\n    why: "),
                web.out());
    }

    @Test
    void everyShippedKeyHasBothAWhyAndACost() throws Exception {
        for (String name : List.of("base", "web-server", "many-outbound", "low-latency", "high-throughput")) {
            String out = CliRun.run("explain", "profiles/" + name + ".yaml").out();
            String[] blocks = out.split("\n(?=\\S)");
            for (String b : blocks) {
                if (b.contains(" = ")) {
                    assertTrue(b.contains("\n    why: ") && b.contains("\n    cost: "), name + ": " + b);
                }
            }
        }
    }

    @Test
    void profilesWithVariablesAreExplainedAsWrittenAndCheckedWithTheInventory() throws Exception {
        Path p = write("vars.yaml", "sysctl:\n  # why: room for bursts.\n  net.core.somaxconn: ${vars.backlog}\n");
        CliRun without = CliRun.run("explain", p.toString());
        assertEquals(1, without.exit());
        assertTrue(without.err().contains("undefined variable vars.backlog: variables come from an inventory"),
                without.err());

        Path inv = write("inv.yaml", "hosts:\n  a: {address: 10.0.0.1, vars: {backlog: 4096}}\n"
                + "  b: {address: 10.0.0.2, vars: {backlog: \"4096; reboot\"}}\n");
        CliRun bad = CliRun.run("explain", "-i", inv.toString(), p.toString());
        assertEquals(1, bad.exit(), "every host's value is checked: " + bad);
        assertTrue(bad.err().contains("value '4096; reboot' is not allowed"), bad.err());

        Files.writeString(inv, "hosts:\n  a: {address: 10.0.0.1, vars: {backlog: 4096}}\n");
        CliRun ok = CliRun.run("explain", "-i", inv.toString(), p.toString());
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(ok.out().contains("net.core.somaxconn = ${vars.backlog}\n    kernel default: 4096 since 5.4, 128 before"
                + " (ip-sysctl.rst)\n    why: room for bursts.\n"), ok.out());
    }
}
