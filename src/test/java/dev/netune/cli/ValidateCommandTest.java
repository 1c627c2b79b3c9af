package dev.netune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void validProfilesPrintOkAndExitZero() throws Exception {
        write("base.yaml", "sysctl:\n  net.ipv4.tcp_syncookies: 1\n");
        Path web = write("web.yaml", """
                name: web
                extends: [base]
                sysctl:
                  net.core.somaxconn: 8192
                  net.ipv4.ip_local_port_range: "10000 65000"
                  net.ipv4.tcp_tw_reuse: 1
                """);
        Path other = write("other.yaml", "sysctl: {net.core.somaxconn: 1}\n");
        CliRun r = CliRun.run("validate", web.toString(), other.toString());
        assertEquals(new CliRun(0, "ok: web (" + web + ")\nok: other (" + other + ")\n", ""), r);
    }

    @Test
    void problemsGoToStderrWithExitOne() throws Exception {
        Path bad = write("bad.yaml", """
                sysctl:
                  net.core.somaxconn: 0
                  net.ipv4.tcp_tw_reuse: true
                """);
        CliRun r = CliRun.run("validate", bad.toString());
        assertEquals(new CliRun(1, "",
                bad + ":2:23: sysctl.net.core.somaxconn: 0 is out of range for net.core.somaxconn (1..4194240)\n"
                        + bad + ":3:26: sysctl.net.ipv4.tcp_tw_reuse: sysctls take numbers: write 1 or 0, not true\n"
                        + "netune: 2 problem(s) found; nothing was changed\n"), r);
    }

    @Test
    void relativePathsAreReportedAbsolute() throws Exception {
        Path bad = write("rel.yaml", "");
        Path relative = Path.of("").toAbsolutePath().relativize(bad);
        CliRun r = CliRun.run("validate", relative.toString());
        assertEquals(1, r.exit());
        assertEquals(bad + ":1:1: file is empty\nnetune: 1 problem(s) found; nothing was changed\n", r.err());
    }

    @Test
    void missingFile() {
        Path gone = dir.resolve("gone.yaml");
        assertEquals(new CliRun(1, "", gone + ": profile file not found\nnetune: 1 problem(s) found; nothing was changed\n"),
                CliRun.run("validate", gone.toString()));
    }

    @Test
    void withInventory() throws Exception {
        Path p = write("p.yaml", "sysctl: {net.core.somaxconn: 8192}\n");
        Path inv = write("inventory.yaml", "hosts:\n  web-1: {address: 10.0.0.1, profiles: p.yaml}\n");
        assertEquals(new CliRun(0, "ok: p (" + p + ")\n", ""), CliRun.run("validate", "-i", inv.toString(), p.toString()));

        Path badInv = write("bad-inventory.yaml", "hosts:\n  web-1: {address: 10.0.0.1, port: 0}\n");
        CliRun r = CliRun.run("validate", "--inventory", badInv.toString(), p.toString());
        assertEquals(new CliRun(1, "", badInv + ":2:36: hosts.web-1.port: port must be 1..65535, found 0\n"
                + "netune: 1 problem(s) found; nothing was changed\n"), r);
    }

    @Test
    void problemsOfInventoryAndProfilesTogether() throws Exception {
        Path p = write("p.yaml", "sysctl: {net.core.somaxconn: 0}\n");
        Path badInv = write("inventory.yaml", "hosts:\n  web-1: {address: 10.0.0.1, port: 0}\n");
        CliRun r = CliRun.run("validate", "-i", badInv.toString(), p.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains(badInv + ":2:36: hosts.web-1.port: port must be 1..65535, found 0\n"), r.err());
        assertTrue(r.err().contains(p + ":1:30: sysctl.net.core.somaxconn: 0 is out of range"), r.err());
        assertTrue(r.err().endsWith("netune: 2 problem(s) found; nothing was changed\n"), r.err());
    }

    @Test
    void withoutProfilesIsAUsageError() {
        CliRun r = CliRun.run("validate");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals("netune: Missing required parameter: 'PROFILE'\nTry 'netune validate --help'.\n", r.err());
    }
}
