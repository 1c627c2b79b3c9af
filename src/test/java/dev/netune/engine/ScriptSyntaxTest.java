package dev.netune.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.diagnose.CounterGather;
import dev.netune.fact.FactSource;
import dev.netune.fact.Gather;
import dev.netune.fact.HostInfo;
import dev.netune.fact.SessionRoute;
import dev.netune.kinds.Kinds;
import dev.netune.kinds.Planner;
import dev.netune.plan.Change;
import dev.netune.plan.ChangeKind;
import dev.netune.profile.DesiredState;
import dev.netune.profile.ProfileLoader;
import dev.netune.setting.OwnedFile;
import dev.netune.setting.SettingKind;
import dev.netune.transport.ShellScript;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every script netune generates, of every kind and every step (gather, apply, before-check,
 * restore, confirm, rollback, diagnose), parses as POSIX sh: {@code sh -n} (dash on Debian, the
 * strictest common /bin/sh), and {@code shellcheck -s sh -S error} where it is installed
 * (scripts/test.sh installs it, so CI always runs it). Inputs are hostile where a value reaches
 * the script (quotes, $, backticks, newlines), so a quoting mistake is a syntax error here.
 */
class ScriptSyntaxTest {
    private static final String EVIL = "it's $(reboot) `id` \"q\"\n;|&";

    /** One change of every change kind each kind applies, with a create, an update and a delete where they exist. */
    static List<Change> everyChange() {
        List<Change> c = new ArrayList<>();
        c.add(change("sysctl", "net.core.somaxconn", "4096", "8192"));
        c.add(change("sysctl", "net.ipv4.ip_local_port_range", "32768\t60999", "10000 65000"));
        c.add(change("sysctl-file", "/etc/sysctl.d/99-zz-netune.conf", null, "# " + EVIL + "\nnet.core.somaxconn = 8192\n"));
        c.add(change("sysctl-file", "/etc/sysctl.d/99-zz-netune.conf", "old " + EVIL, null));
        c.add(change("irqbalance", "service", "active, enabled", "inactive, disabled"));
        c.add(change("irqbalance", "service", "inactive, disabled", "active, enabled"));
        c.add(change("irqbalance-dropin", "/etc/systemd/system/irqbalance.service.d/netune.conf", null,
                "[Service]\nEnvironment=IRQBALANCE_BANNED_CPULIST=0\n"));
        c.add(change("irqbalance-dropin", "/etc/systemd/system/irqbalance.service.d/netune.conf", "x " + EVIL, null));
        c.add(change("nic.channels", "eth1 combined", "2", "4"));
        c.add(change("nic.ring", "eth1 rx", "256", "1024"));
        c.add(change("nic.coalesce", "eth1 rx-usecs", "8", "64"));
        c.add(change("nic.offload", "eth1 gro", "off", "on"));
        c.add(change("nic.mtu", "eth1 mtu", "1500", "9000"));
        c.add(change("nic.irqAffinity", "eth1 irq 36 virtio0-input.0", "0-1", "1"));
        c.add(change("nic.rps", "eth1 rx-0 rps_cpus", "0", "0-1"));
        c.add(change("nic.rps", "net.core.rps_sock_flow_entries", "0", "32768"));
        c.add(change("nic.xps", "eth1 tx-0 xps_cpus", "0", "1"));
        c.add(change("nic.txqueuelen", "eth1", "1000", "10000"));
        c.add(change("nic.napi", "eth1 deferHardIrqs", "0", "2"));
        c.add(change("nic.napi", "eth1 threaded", "0", "1"));
        c.add(change("nic.qdisc", "eth1", "mq (fq_codel)", "mq (fq)"));
        c.add(new Change(ChangeKind.of("nic.qdisc"), "eth0", "fq_codel", "fq",
                List.of("before is the kernel's default qdisc (rollback: tc qdisc del restores it)")));
        c.add(change("nic-boot-script", "/usr/local/lib/netune/nic-boot.sh", null, "#!/bin/sh\necho " + EVIL + "\n"));
        c.add(change("nic-boot-library", "/etc/netune/lib/nic-restore.sh", null, "echo " + EVIL + "\n"));
        c.add(change("nic-boot-unit", "netune-nic.service", "absent", "installed and enabled"));
        c.add(change("nic-boot-unit", "netune-nic.service", "installed and enabled", "absent"));
        c.add(change("nic-restore", "eth0", "restored at link-up: no (" + EVIL + ")", "restored: yes"));
        c.add(change("limits-file", "/etc/security/limits.d/90-netune.conf", null, "* soft nofile 1048576\n"));
        c.add(change("limits-file", "/etc/systemd/system.conf.d/90-netune.conf", "a " + EVIL,
                "[Manager]\nDefaultLimitNOFILE=65536:1048576\n"));
        c.add(change("limits-file", "/etc/sysctl.d/99-zz-netune-limits.conf", "fs.nr_open = 1\n", null));
        return c;
    }

    private static Change change(String kind, String target, String before, String after) {
        return new Change(ChangeKind.of(kind), target, before, after);
    }

    static Stream<Arguments> scripts() throws Exception {
        List<Arguments> out = new ArrayList<>();
        List<Change> all = everyChange();
        Snapshot snap = Snapshot.of(all, "root@ctl");
        for (SettingKind<?> kind : Kinds.all()) {
            List<Change> mine = all.stream().filter(kind::owns).toList();
            assertTrue(!mine.isEmpty(), "no change of kind " + kind.key() + " in this test: add one");
            out.add(Arguments.of(kind.key() + " apply", kind.applyScript(mine)));
            out.add(Arguments.of(kind.key() + " before-check", "f() {\n" + kind.expectScript(mine) + ":\n}\n"));
            out.add(Arguments.of(kind.key() + " rollback", kind.applyScript(Revert.plan(mine).changes())));
            out.add(Arguments.of(kind.key() + " default gather", gather(kind.defaultFacts())));
        }
        out.add(Arguments.of("whole apply", ApplyScript.of(all, snap, ApplyPolicy.DEFAULT, false)));
        out.add(Arguments.of("whole apply, confirmed, restarts allowed",
                ApplyScript.of(all, snap, new ApplyPolicy(Duration.ofSeconds(120), true, true), true)));
        out.add(Arguments.of("NIC restore script installed on hosts, with the library it sources",
                dev.netune.setting.nic.NicScriptSamples.restoreScriptWithItsLibrary()));
        out.add(Arguments.of("NIC restore library installed on hosts", dev.netune.setting.nic.NicScriptSamples.library()));
        out.add(Arguments.of("NIC restore script with txqueuelen, napi and qdisc, with the library it sources",
                dev.netune.setting.nic.NicScriptSamples.withItsLibrary(dev.netune.setting.nic.NicScriptSamples.restoreScriptWithKnobs())));
        out.add(Arguments.of("host lock", HostGuard.lockScript(snap)));
        out.add(Arguments.of("snapshot save", HostGuard.snapshotScript(snap)));
        String restore = AutoRestore.restoreScript(snap, Kinds.fragments(Revert.plan(all).changes(), SettingKind::applyScript));
        out.add(Arguments.of("restore (the armed file)", restore));
        out.add(Arguments.of("arm the restore", AutoRestore.armScript(snap, restore, Duration.ofSeconds(120))));
        out.add(Arguments.of("owned file removal with its directory", OwnedFile.removeScript("/etc/x/" + EVIL, true)));
        out.add(Arguments.of("confirm", AutoRestore.confirmScript(snap.id())));
        out.add(Arguments.of("restore now", AutoRestore.restoreNowScript(snap.id(), Duration.ofSeconds(20))));
        out.add(Arguments.of("facts", gather(Planner.defaultFacts())));
        out.add(Arguments.of("history and session", gather(List.of(SnapshotFacts.SOURCE, SessionRoute.SOURCE, HostInfo.SOURCE))));
        out.add(Arguments.of("diagnose", gather(List.of(new CounterGather(Duration.ofSeconds(1))))));
        try (Stream<Path> libraries = Files.list(Path.of("src/main/resources/dev/netune/sh"))) {
            for (Path p : libraries.filter(f -> f.toString().endsWith(".sh")).sorted().toList()) {
                String name = p.getFileName().toString().replaceFirst("\\.sh$", "");
                out.add(Arguments.of("library " + name, ShellScript.library(name)));
            }
        }
        try (Stream<Path> profiles = Files.list(Path.of("profiles"))) {
            for (Path p : profiles.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                DesiredState d = ProfileLoader.merge(new ProfileLoader(Kinds.all()).loadAll(List.of(p)));
                out.add(Arguments.of("gather for " + p.getFileName(), gather(Planner.facts(d))));
            }
        }
        return out.stream();
    }

    @org.junit.jupiter.api.Test
    void theBeforeCheckLibraryPrintsTheStaleMarkerTheEngineReads() {
        assertTrue(ShellScript.library("sysctl-expect").contains(SettingKind.STALE_MARKER));
        assertTrue(ShellScript.library("file-expect").contains(SettingKind.STALE_MARKER));
    }

    private static String gather(List<FactSource<?>> sources) {
        Gather g = new Gather();
        sources.forEach(g::add);
        return g.script();
    }

    private static final java.util.regex.Pattern DEFINITION = java.util.regex.Pattern.compile("^(netune_[a-z_]+)\\(\\) \\{(.*)");
    private static final java.util.regex.Pattern CALL = java.util.regex.Pattern.compile("^\\s*(netune_[a-z_]+)(\\s|$)");

    /** Each call of a library function, outside a function's body, follows the function's definition. */
    private static void callsFollowDefinitions(String name, String script) {
        java.util.Set<String> defined = new java.util.HashSet<>();
        boolean inBody = false;
        for (String line : script.split("\n")) {
            java.util.regex.Matcher d = DEFINITION.matcher(line);
            if (d.find()) {
                defined.add(d.group(1));
                inBody = !d.group(2).strip().endsWith("}");
            } else if (inBody) {
                inBody = !line.equals("}");
            } else {
                java.util.regex.Matcher c = CALL.matcher(line);
                assertTrue(!c.find() || defined.contains(c.group(1)), name + ": " + line + " before its library\n" + script);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void parsesAsPosixSh(String name, String script) throws Exception {
        callsFollowDefinitions(name, script);
        Result sh = run(List.of("sh", "-n"), script);
        assertEquals(0, sh.exit, name + ": sh -n says\n" + sh.output + "\n--- script ---\n" + script);
        Optional<Path> shellcheck = Stream.of("/usr/bin/shellcheck", "/usr/local/bin/shellcheck").map(Path::of)
                .filter(Files::isExecutable).findFirst();
        if (System.getenv("CI") != null) {
            assertTrue(shellcheck.isPresent(), "shellcheck is missing: scripts/test.sh installs it (apt-get install shellcheck)");
        }
        if (shellcheck.isPresent()) {
            // SC2218 (a call before a later definition): every fragment brings the libraries it calls,
            // so a whole script may define a library's functions twice, identically; each call follows
            // a definition, which the run tests (GuardScriptsRunTest, OwnedFileScriptTest, the ITs) show
            Result sc = run(List.of(shellcheck.get().toString(), "-s", "sh", "-S", "error", "-e", "SC2218", "-"), script);
            assertEquals(0, sc.exit, name + ": shellcheck says\n" + sc.output + "\n--- script ---\n" + script);
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> argv, String script) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream o = p.getInputStream()) {
            o.transferTo(out);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), argv + " did not finish");
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }
}
