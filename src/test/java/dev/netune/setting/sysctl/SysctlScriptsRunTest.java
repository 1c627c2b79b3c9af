package dev.netune.setting.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.GatherOutput;
import dev.netune.fact.Section;
import dev.netune.plan.Change;
import dev.netune.plan.ChangeKind;
import dev.netune.setting.ChangeResult;
import dev.netune.setting.shared.SysctlValue;
import dev.netune.transport.ExecResult;
import dev.netune.transport.LocalTransport;
import dev.netune.transport.ShellScript;
import dev.netune.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sysctl before-check and writer run by this machine's {@code sh} on files in a temporary
 * directory standing in for /proc/sys (reached as {@code /proc/sys/../../DIR}): the whitespace
 * folding matches {@link SysctlValue#normalize}, values are never globbed or evaluated, and the
 * writer's output is what {@link SysctlApply#verify} reads.
 */
class SysctlScriptsRunTest {
    @TempDir
    Path dir;

    private String path(String name) {
        return "../.." + dir.resolve(name);
    }

    private static ExecResult sh(String script) throws Exception {
        return new LocalTransport().run(script, Duration.ofSeconds(20));
    }

    /** The before-check of one key as SysctlApply.expectScript lays it out: the one grep, then the check. */
    private String expect(String name, String before) {
        return ShellScript.library("sysctl-lines") + ShellScript.library("sysctl-expect")
                + ShellScript.call("netune_sysctl_grep", "/proc/sys/" + path(name))
                + ShellScript.call("netune_sysctl_expect", "net.x." + name, path(name), before);
    }

    /** The write and read-back of one key as SysctlApply.applyScript lays them out. */
    private String set(String name, String value) {
        return ShellScript.library("sysctl-lines") + ShellScript.library("sysctl-apply")
                + ShellScript.call("netune_sysctl_set", "net.x." + name, path(name), value)
                + ShellScript.call("netune_sysctl_grep", "/proc/sys/" + path(name))
                + ShellScript.call("netune_sysctl_verify", "net.x." + name, path(name));
    }

    /** Several keys are read by the one grep; each check takes its own file's lines, or grep's complaint. */
    @Test
    void oneReadServesEveryKeysCheck() throws Exception {
        Files.writeString(dir.resolve("a"), "1\n");
        Files.writeString(dir.resolve("a_b"), "2\n");
        Files.writeString(dir.resolve("lines"), "tcp 1\nudp:x 2\n");
        Files.createDirectory(dir.resolve("dir"));
        String script = ShellScript.library("sysctl-lines") + ShellScript.library("sysctl-expect")
                + ShellScript.call("netune_sysctl_grep", List.of("a", "a_b", "lines", "dir").stream().map(n -> "/proc/sys/" + path(n)).toList())
                + ShellScript.call("netune_sysctl_expect", "net.x.a", path("a"), "1")
                + ShellScript.call("netune_sysctl_expect", "net.x.a_b", path("a_b"), "2")
                + ShellScript.call("netune_sysctl_expect", "net.x.lines", path("lines"), "tcp 1 udp:x 2")
                + "echo went-on\n"
                + ShellScript.call("netune_sysctl_expect", "net.x.dir", path("dir"), "1");
        ExecResult r = sh(script);
        assertEquals("went-on\n@@netune stale\nsysctl\nnet.x.dir\ngrep: /proc/sys/" + path("dir") + ": Is a directory\n",
                r.stdout(), r.toString());
    }

    @Test
    void theBeforeCheckFoldsWhitespaceAsTheControllerDoes() throws Exception {
        String raw = "32768\t 60999\n\n";
        Files.writeString(dir.resolve("range"), raw);
        ExecResult same = sh(expect("range", SysctlValue.normalize(raw)) + "echo went-on\n");
        assertEquals("went-on\n", same.stdout(), same.toString());

        ExecResult other = sh(expect("range", "1024 65000") + "echo went-on\n");
        assertEquals("@@netune stale\nsysctl\nnet.x.range\n32768 60999\n", other.stdout(), other.toString());

        ExecResult missing = sh(expect("absent", "1") + "echo went-on\n");
        assertEquals("@@netune stale\nsysctl\nnet.x.absent\n(missing)\n", missing.stdout(), missing.toString());
    }

    @Test
    void theBeforeCheckNeitherGlobsNorEvaluatesAValueAndKeepsTheCallersNoglob() throws Exception {
        // a value that is a glob pattern matching files here, and one with shell syntax
        Files.writeString(dir.resolve("glob"), "*\n");
        Files.writeString(dir.resolve("syntax"), "$(touch " + dir.resolve("pwned") + ") `id`\n");
        String script = "cd " + dir + "\n" + expect("glob", "*") + "echo \"glob:$-\"\n"
                + "set -f\n" + expect("syntax", "$(touch " + dir.resolve("pwned") + ") `id`") + "echo \"syntax:$-\"\n";
        ExecResult r = sh(script);
        List<String> lines = r.stdout().lines().toList();
        assertEquals(2, lines.size(), r.toString());
        assertTrue(!lines.get(0).substring("glob:".length()).contains("f"), "pathname expansion is on again: " + r);
        assertTrue(lines.get(1).substring("syntax:".length()).contains("f"), "the caller's set -f is kept: " + r);
        assertTrue(Files.notExists(dir.resolve("pwned")));
    }

    @Test
    void theWriterWritesAHostileValueVerbatimAndReadsItBack() throws Exception {
        // the here-document's own delimiter as a line of the value, quotes, expansions
        String value = "1 'two' \"3\" $(touch " + dir.resolve("pwned") + ") `id` \\n\nNETUNE_VALUE\nlast";
        Files.writeString(dir.resolve("knob"), "0\n");
        ExecResult r = sh(set("knob", value));
        assertEquals(value + "\n", Files.readString(dir.resolve("knob")));
        assertTrue(Files.notExists(dir.resolve("pwned")));
        Change c = new Change(ChangeKind.of("sysctl"), "net.x.knob", "0", value);
        List<ChangeResult> results = SysctlApply.verify(List.of(c), GatherOutput.split(r.stdout()));
        assertEquals(1, results.size());
        assertTrue(results.get(0).ok(), results + "\n" + r);
    }

    @Test
    void aFailedWriteNamesTheErrorThatTeeReports() throws Exception {
        ExecResult r = sh(set("gone", "1").replace(path("gone"), path("no/such")));
        Change c = new Change(ChangeKind.of("sysctl"), "net.x.gone", "0", "1");
        List<Section> out = GatherOutput.split(r.stdout());
        ChangeResult result = SysctlApply.verify(List.of(c), out).get(0);
        assertTrue(!result.ok() && result.message().startsWith("write failed: tee: ")
                && result.message().contains("No such file or directory"), result.toString());
    }

    /**
     * The shell's printf writes first; when the write itself fails (not the open: /dev/full takes
     * the open and refuses the write with ENOSPC), tee writes again and its words name errno.
     */
    @Test
    void aWriteTheKernelRefusesIsNamedByTeesErrno() throws Exception {
        ExecResult r = sh(set("full", "1").replace(path("full"), "../../dev/full"));
        Change c = new Change(ChangeKind.of("sysctl"), "net.x.full", "0", "1");
        ChangeResult result = SysctlApply.verify(List.of(c), GatherOutput.split(r.stdout())).get(0);
        assertTrue(!result.ok() && result.message().startsWith("write failed: tee: ")
                && result.message().contains("No space left on device"), result + "\n" + r);
    }

    /**
     * A script cut amid its writes (stopped at its deadline, as a lost controller's host
     * watchdog stops it) leaves each value old or new: a FIFO stands in for a sysctl whose write
     * never returns, so the keys before it are written and the key after it is not.
     */
    @Test
    void aScriptCutAmidItsWritesLeavesEachValueOldOrNew() throws Exception {
        Files.writeString(dir.resolve("first"), "0\n");
        Files.writeString(dir.resolve("last"), "0\n");
        assertEquals(0, new ProcessBuilder("mkfifo", dir.resolve("stuck").toString()).start().waitFor());
        String script = ShellScript.library("sysctl-lines") + ShellScript.library("sysctl-apply")
                + ShellScript.call("netune_sysctl_set", "net.x.first", path("first"), "1")
                + ShellScript.call("netune_sysctl_set", "net.x.stuck", path("stuck"), "1")
                + ShellScript.call("netune_sysctl_set", "net.x.last", path("last"), "1");
        TransportException cut = org.junit.jupiter.api.Assertions.assertThrows(TransportException.class,
                () -> new LocalTransport().run(script, Duration.ofSeconds(2)));
        assertTrue(cut.getMessage().contains("did not finish within"), cut.getMessage());
        assertEquals("1\n", Files.readString(dir.resolve("first")));
        assertEquals("0\n", Files.readString(dir.resolve("last")));
    }
}
