package dev.netune.setting.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.FactSource;
import dev.netune.fact.GatherOutput;
import dev.netune.setting.shared.SysctlFacts.Reading;
import dev.netune.setting.shared.SysctlFacts.Reading.Status;
import dev.netune.transport.ExecResult;
import dev.netune.transport.LocalTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The sysctl reader: one grep reads every key that exists, its lines and complaints are told
 * apart per file, and each key reads as {@code cat} read it before (run read-only on this
 * machine's /proc/sys, with the key kinds a host has: a number, a tab-separated pair, an empty
 * value, an erroring file, a directory, a missing key).
 */
class SysctlFactsReadTest {
    private static SysctlFacts read(FactSource<SysctlFacts> source, String out) {
        return source.parse(GatherOutput.split(out));
    }

    /** In one read from offset 0, as sysctl files must be read (Files.readString gets only a first byte). */
    private static String proc(String key) throws Exception {
        try (var in = Files.newInputStream(Path.of("/proc/sys/" + SysctlFacts.procSysPath(key)))) {
            byte[] buf = new byte[65536];
            int n = in.read(buf);
            return new String(buf, 0, Math.max(n, 0), java.nio.charset.StandardCharsets.UTF_8).replaceAll("\n+$", "");
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void everyKindOfKeyReadsAsCatReadsIt() throws Exception {
        List<String> keys = List.of("net.core.somaxconn", "net.ipv4.ip_local_port_range", "net.ipv4.ip_local_reserved_ports",
                "net.ipv6.conf.all.stable_secret", "net.ipv4", "net.netune.does_not_exist");
        FactSource<SysctlFacts> source = SysctlFacts.source(new TreeSet<>(keys));
        String script = source.script();
        assertEquals(1, Pattern.compile("^netune_sysctls ", Pattern.MULTILINE).matcher(script).results().count(), script);
        ExecResult r = new LocalTransport().run(script, Duration.ofSeconds(20));
        assertEquals(0, r.exitCode(), r.toString());
        Map<String, Reading> v = read(source, r.stdout()).values();

        assertEquals(new Reading(Status.PRESENT, proc("net.core.somaxconn")), v.get("net.core.somaxconn"));
        assertTrue(v.get("net.ipv4.ip_local_port_range").value().matches("\\d+\t\\d+"), v.toString()); // the kernel's tab
        assertEquals(new Reading(Status.PRESENT, proc("net.ipv4.ip_local_reserved_ports")), v.get("net.ipv4.ip_local_reserved_ports"));
        assertEquals(new Reading(Status.MISSING, ""), v.get("net.netune.does_not_exist"));
        assertEquals(Status.UNREADABLE, v.get("net.ipv4").status(), v.toString());
        assertTrue(v.get("net.ipv4").value().contains("/proc/sys/net/ipv4: Is a directory"), v.toString());
        if (Files.exists(Path.of("/proc/sys/net/ipv6/conf/all/stable_secret"))) {
            // unset, it answers every read with EIO
            Reading secret = v.get("net.ipv6.conf.all.stable_secret");
            assertTrue(secret.status() == Status.UNREADABLE && secret.value().contains("Input/output error")
                    || secret.status() == Status.PRESENT, secret.toString());
        }
        assertEquals(keys.size(), v.size(), v.toString());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aGrepThatHidesReadErrorsStillLeavesADirectoryUnreadable(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // BusyBox's grep reads a directory or a file failing with EIO as empty and says nothing;
        // a grep with its complaints thrown away stands in for it
        Path shim = Files.writeString(dir.resolve("grep"), "#!/bin/sh\nexec /bin/grep \"$@\" 2>/dev/null\n");
        shim.toFile().setExecutable(true);
        FactSource<SysctlFacts> source = SysctlFacts.source(new TreeSet<>(List.of("net.core.somaxconn", "net.ipv4")));
        ExecResult r = new LocalTransport().run("PATH=" + dir + ":$PATH\n" + source.script(), Duration.ofSeconds(20));
        Map<String, Reading> v = read(source, r.stdout()).values();
        assertEquals(new Reading(Status.PRESENT, proc("net.core.somaxconn")), v.get("net.core.somaxconn"));
        assertEquals(new Reading(Status.UNREADABLE, "/proc/sys/net/ipv4: Is a directory"), v.get("net.ipv4"));
    }

    @Test
    void linesAreJoinedPerFileAndOnlyTheFirstColonSeparatesThePath() {
        FactSource<SysctlFacts> source = SysctlFacts.source(new TreeSet<>(List.of("a.b", "a.bc", "d.e")));
        Map<String, Reading> v = read(source, """
                @@netune sysctl-lines
                /proc/sys/a/b:x: y
                /proc/sys/a/b:second
                /proc/sys/a/b:
                /proc/sys/a/bc:@@netune end
                /proc/sys/d/e:
                """).values();
        assertEquals(new Reading(Status.PRESENT, "x: y\nsecond"), v.get("a.b"));
        assertEquals(new Reading(Status.PRESENT, "@@netune end"), v.get("a.bc"), "a value is never a marker");
        assertEquals(new Reading(Status.PRESENT, ""), v.get("d.e"));
    }

    @Test
    void aComplaintNamingNoFileMakesEveryKeyWithoutLinesUnreadable() {
        FactSource<SysctlFacts> source = SysctlFacts.source(new TreeSet<>(List.of("a.b", "c.d", "e.f", "g.h")));
        Map<String, Reading> v = read(source, """
                @@netune sysctl g.h missing
                @@netune sysctl-lines
                /proc/sys/a/b:1
                @@netune sysctl-errors
                grep: /proc/sys/c/d: Permission denied
                sh: 1: grep: Too many open files
                """).values();
        assertEquals(new Reading(Status.PRESENT, "1"), v.get("a.b"));
        assertEquals(new Reading(Status.UNREADABLE, "grep: /proc/sys/c/d: Permission denied"), v.get("c.d"));
        assertEquals(new Reading(Status.UNREADABLE, "sh: 1: grep: Too many open files"), v.get("e.f"));
        assertEquals(new Reading(Status.MISSING, ""), v.get("g.h"));
    }
}
