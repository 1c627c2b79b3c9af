package dev.netune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    @Test
    void helpListsCommandsAndExitCodes() {
        CliRun r = CliRun.run("--help");
        assertEquals(0, r.exit());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("Usage: netune [-hV] [--debug] [--color=WHEN] [COMMAND]\n"), r.out());
        for (String cmd : new String[] {"validate", "plan", "apply", "drift", "facts", "help"}) {
            assertTrue(r.out().contains("\n  " + cmd + " "), cmd + " missing:\n" + r.out());
        }
        // picocli wraps long lines at the usage width: compare with whitespace folded
        String folded = r.out().replaceAll("\\s+", " ");
        assertTrue(folded.endsWith(" Exit codes:"
                + " 0 success; with --detailed-exitcode (plan) or for drift: no changes"
                + " 1 error: bad input, unreachable host, failed or refused apply"
                + " 2 success with changes pending (plan --detailed-exitcode) or drift found (drift) "), r.out());
        assertTrue(r.out().contains("\nExit codes:\n  0   success;"), r.out());
        assertTrue(r.out().contains("\n  1   error: "), r.out());
        assertTrue(r.out().contains("\n  2   success with changes pending"), r.out());
    }

    @Test
    void versionComesFromTheBuild() throws Exception {
        String expected = System.getProperty("netune.expectedVersion");
        assertTrue(expected != null && !expected.isBlank(), "surefire passes the pom's version");
        CliRun r = CliRun.run("--version");
        assertEquals(0, r.exit());
        assertEquals("", r.err());
        // the commit is the checkout's HEAD, as git itself names it ("unknown" built without a .git)
        String head = "unknown";
        if (Files.exists(Path.of(".git"))) {
            Process git = new ProcessBuilder("git", "rev-parse", "--short=10", "HEAD").redirectErrorStream(true).start();
            head = new String(git.getInputStream().readAllBytes()).strip();
            assertEquals(0, git.waitFor(), head);
        }
        assertEquals("netune " + expected + " (commit " + head + ")\n", r.out());
    }

    @Test
    void planWithoutProfileIsAUserError() {
        assertEquals(new CliRun(1, "", "netune: no profile given: pass -p PROFILE (or -i INVENTORY whose hosts name"
                + " profiles)\n"), CliRun.run("plan"));
        assertEquals(new CliRun(1, "", "netune: no profile given: pass -p PROFILE (or -i INVENTORY whose hosts name"
                + " profiles)\n"), CliRun.run("drift"));
    }

    @Test
    void unknownCommandAndOption() {
        CliRun r = CliRun.run("plna");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("netune: Unmatched argument at index 0: 'plna'\n"), r.err());
        CliRun o = CliRun.run("plan", "--bogus");
        assertEquals(1, o.exit());
        assertEquals("netune: Unknown option: '--bogus'\nTry 'netune plan --help'.\n", o.err());
    }

    @Test
    void planWithAnInvalidProfileContactsNoHost() throws Exception {
        Path p = dir.resolve("p.yaml");
        Files.writeString(p, "sysctl:\n  net.core.somaxconn: \"1; reboot\"\n");
        CliRun r = CliRun.run("plan", "-p", p.toString());
        assertEquals(new CliRun(1, "", p + ":2:23: sysctl.net.core.somaxconn: value '1; reboot' is not allowed: sysctl"
                + " values are numbers and words (letters, digits, spaces and . , : / + = @ _ -)\n"
                + "netune: 1 problem(s) found; nothing was changed\n"), r);
    }

    @Test
    void problemsQuotingAnInputFileAreTerminalSafe() throws Exception {
        // issue #19: an inventory value with an escape sequence (OSC title) is shown, not sent
        Path inv = dir.resolve("evil.yaml");
        Files.writeString(inv, "hosts:\n  web-1: {address: \"\\e]0;pwned\\a\\e[2J\"}\n");
        CliRun r = CliRun.run("plan", "-i", inv.toString(), "-p", "x.yaml");
        assertEquals(new CliRun(1, "", inv + ":2:20: hosts.web-1.address: '^[]0;pwned^G^[[2J' is not a host name or IP"
                + " address\nnetune: 1 problem(s) found; nothing was changed\n"), r);
    }

    @Test
    void limitMatchingNoHost() throws Exception {
        Path inv = dir.resolve("inventory.yaml");
        Files.writeString(inv, "hosts:\n  web-1: {address: 192.0.2.1}\n");
        CliRun r = CliRun.run("plan", "-i", inv.toString(), "-p", "x.yaml", "--limit", "db-*");
        assertEquals(new CliRun(1, "", "netune: no host of " + inv + " matches --limit 'db-*'\n"), r);
    }

    @Test
    void everyCommandTakesHelpAfterItsName() {
        for (String command : List.of("validate", "explain", "plan", "apply", "drift", "facts", "diagnose", "history",
                "rollback", "report")) {
            CliRun r = CliRun.run(command, "--help");
            assertEquals(0, r.exit(), command + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: netune " + command), r.out());
            assertEquals("", r.err(), command);
        }
        CliRun merge = CliRun.run("report", "merge", "-h");
        assertTrue(merge.out().startsWith("Usage: netune report merge"), merge.out());
        assertTrue(CliRun.run("apply", "--help").out().contains("N% of the hosts"));
        assertTrue(CliRun.run("explain", "--help").out().contains("(${vars.NAME})"));
    }

    @Test
    void plainValidateAnswersAsPicocliDoes() throws Exception {
        // main answers `validate FILE...` without picocli: same output and exit code, whatever the files hold
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "name: bad\nsysctl:\n  net.core.somaxconn: [1]\n  \"\\e]0;x\\a\": 1\n");
        Path syntax = Files.writeString(dir.resolve("syntax.yaml"), "name: [\n");
        Path dirAsFile = Files.createDirectories(dir.resolve("a-directory"));
        List<List<String>> cases = List.of(
                List.of("validate", "profiles/web-server.yaml"),
                List.of("validate", "profiles/web-server.yaml", "profiles/low-latency.yaml"),
                List.of("validate", bad.toString()),
                List.of("validate", bad.toString(), syntax.toString(), "profiles/base.yaml"),
                List.of("validate", dir.resolve("missing.yaml").toString()),
                List.of("validate", dirAsFile.toString()));
        for (List<String> args : cases) {
            String[] a = args.toArray(String[]::new);
            assertTrue(Main.isPlainValidate(a), args.toString());
            CliRun picocli = CliRun.run(a);
            assertEquals(picocli, CliRun.plainValidate(a), args.toString());
        }
        assertEquals(0, CliRun.plainValidate("validate", "profiles/web-server.yaml").exit());
        assertEquals(1, CliRun.plainValidate("validate", bad.toString()).exit());
        // anything more than file names goes through picocli
        for (String[] other : List.<String[]>of(new String[] {"validate"}, new String[] {"validate", "-i", "x.yaml", "p.yaml"},
                new String[] {"validate", "p.yaml", "--debug"}, new String[] {"validate", "@args"}, new String[] {"validate", ""},
                new String[] {"plan", "p.yaml"}, new String[] {"validate", "--help"})) {
            assertTrue(!Main.isPlainValidate(other), List.of(other).toString());
        }
    }

    @Test
    void fileErrorsSayWhatIsWrongWithTheFile() throws Exception {
        Path missing = dir.resolve("nope.json");
        assertEquals(new CliRun(1, "", "netune: cannot read report " + missing + ": no such file or directory\n"),
                CliRun.run("report", "merge", missing.toString()));
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"schemaVersion\": 1,\n");
        CliRun r = CliRun.run("report", "merge", broken.toString());
        assertTrue(r.err().startsWith("netune: cannot read report " + broken + ": not valid JSON at line 2, column 1: "),
                r.err());
        assertTrue(!r.err().contains("REDACTED"), r.err());
        assertEquals(new CliRun(1, "", "netune: cannot read plan file " + missing + ": no such file or directory\n"),
                CliRun.run("apply", missing.toString(), "--yes"));
        Path out = dir.resolve("no-such-dir/p.json");
        Path profile = Files.writeString(dir.resolve("p.yaml"), "name: p\n");
        CliRun plan = CliRun.run("plan", "-p", profile.toString(), "--out", out.toString());
        assertTrue(plan.err().endsWith("netune: " + out + ": no such file or directory\n"), plan.err());
    }

    @Test
    void blankLimitIsRefusedInsteadOfMeaningEveryHost() throws Exception {
        Path inv = dir.resolve("inventory.yaml");
        Files.writeString(inv, "hosts:\n  web-1: {address: 192.0.2.1}\n");
        for (String blank : List.of("", " ", ",")) {
            CliRun r = CliRun.run("apply", "-i", inv.toString(), "-p", "x.yaml", "--limit", blank, "--yes");
            assertEquals(new CliRun(1, "", "netune: --limit '" + blank + "' names no host or group; leave it out"
                    + " (or write 'all') to target every host\n"), r);
        }
    }

    @Test
    void limitWithoutInventoryIsRefusedRatherThanTargetingThisMachine() {
        CliRun r = CliRun.run("apply", "-p", "x.yaml", "--limit", "web", "--yes");
        assertEquals(new CliRun(1, "", "netune: --limit needs an inventory (-i INVENTORY); without one netune works"
                + " on this machine\n"), r);
    }

    @Test
    void inventoryWithoutHostsSaysSo() throws Exception {
        Path inv = dir.resolve("empty.yaml");
        Files.writeString(inv, "hosts:\n");
        CliRun r = CliRun.run("plan", "-i", inv.toString(), "-p", "x.yaml");
        assertEquals(new CliRun(1, "", "netune: " + inv + " lists no host\n"), r);
    }

    @Test
    void badForksIsRefusedWithoutStackTrace() {
        CliRun r = CliRun.run("plan", "--forks", "0");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("netune: "), r.err());
        assertTrue(r.err().contains("--forks must be at least 1"), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }

    @Test
    void badForksIsAUserErrorNotAnInternalError() {
        CliRun r = CliRun.run("plan", "--forks", "0");
        assertEquals(new CliRun(1, "", "netune: --forks must be at least 1\n"), r);
    }

    /** Plans this machine (read-only: the gather script only reads /proc/sys). */
    @Test
    @EnabledOnOs(OS.LINUX)
    void planOfTheLocalMachineWithAMissingKeyFails() throws Exception {
        Path p = dir.resolve("p.yaml");
        Files.writeString(p, "sysctl:\n  net.netune.no_such_key: 1\n");
        String kernel;
        try (var in = Files.newInputStream(Path.of("/proc/sys/kernel/osrelease"))) {
            kernel = new String(in.readAllBytes()).strip();
        }
        CliRun r = CliRun.run("plan", "-p", p.toString(), "--detailed-exitcode");
        assertEquals(new CliRun(1, """
                localhost (local): FAILED - 1 plan error(s)
                  ! sysctl net.netune.no_such_key: net.netune.no_such_key does not exist on this host (kernel %s);\
                 a module may be missing or the key misspelt

                Plan: 0 change(s) on 0 host(s); 0 unchanged, 1 failed, 0 unreachable (1 host(s))
                """.formatted(kernel), ""), r);
    }

    @Test
    void deadlineTakesSecondsMinutesOrHours() throws Exception {
        assertEquals(java.time.Duration.ofSeconds(90), TargetOptions.duration("--deadline", "90s"));
        assertEquals(java.time.Duration.ofSeconds(45), TargetOptions.duration("--deadline", "45"));
        assertEquals(java.time.Duration.ofMinutes(30), TargetOptions.duration("--deadline", "30m"));
        assertEquals(java.time.Duration.ofHours(2), TargetOptions.duration("--deadline", "2h"));
        Path p = Files.writeString(dir.resolve("d.yaml"), "sysctl:\n  net.core.somaxconn: 8192\n");
        for (String bad : new String[] {"0", "30x", "-5m", "1.5h", ""}) {
            assertEquals(new CliRun(1, "", "netune: --deadline takes a positive duration such as 90s, 30m or 2h; got '"
                    + bad + "'\n"), CliRun.run("plan", "-p", p.toString(), "--deadline", bad), bad);
        }
    }
}
