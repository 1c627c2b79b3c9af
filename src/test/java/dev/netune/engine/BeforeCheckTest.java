package dev.netune.engine;

import dev.netune.plan.ChangeKind;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netune.fact.GatherOutput;
import dev.netune.plan.Change;
import dev.netune.transport.LocalTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The before-check's shell, run by this machine's sh. It only reads: /proc/sys values of this
 * machine and files under a temporary directory.
 */
@EnabledOnOs(OS.LINUX)
class BeforeCheckTest {
    @TempDir
    Path dir;

    /** A /proc/sys file (Files.readString trusts procfs's size of 0 and can read it short). */
    private static String proc(String path) throws Exception {
        try (var in = Files.newInputStream(Path.of("/proc/sys/" + path))) {
            return new String(in.readAllBytes());
        }
    }

    /** What the check prints, followed by "went on" when it let the script continue. */
    private static String run(List<Change> changes) throws Exception {
        try (LocalTransport sh = new LocalTransport()) {
            return sh.run(BeforeCheck.script(changes) + "echo 'went on'\n", Duration.ofSeconds(20)).stdout();
        }
    }

    private static Optional<String> refusal(String out, List<Change> changes) {
        return BeforeCheck.refusal(GatherOutput.split(out), "web-1", changes, Optional.empty());
    }

    @Test
    void aSysctlStillAsPlannedPassesWithWhitespaceFoldedAsTheGatherDoes() throws Exception {
        // tab-separated in /proc, single spaces in the plan
        String range = proc("net/ipv4/ip_local_port_range").strip().replaceAll("\\s+", " ");
        List<Change> changes = List.of(new Change(ChangeKind.of("sysctl"), "net.ipv4.ip_local_port_range", range, "1024 65000"));
        assertEquals("went on\n", run(changes));
    }

    @Test
    void aSysctlThatChangedSinceThePlanStopsTheScript() throws Exception {
        String now = proc("net/core/somaxconn").strip();
        String planned = Integer.toString(Integer.parseInt(now) + 1);
        List<Change> changes = List.of(new Change(ChangeKind.of("sysctl"), "net.core.somaxconn", planned, "8192"));
        String out = run(changes);
        assertEquals("@@netune stale\nsysctl\nnet.core.somaxconn\n" + now + "\n", out);
        assertEquals(Optional.of("web-1 changed since it was planned: net.core.somaxconn is now " + now
                + ", the plan expected " + planned + "; nothing changed, plan again"), refusal(out, changes));
        assertEquals(Optional.of("web-1 changed since netune set what snapshot 20261130T050000Z-abcd undoes:"
                        + " net.core.somaxconn is now " + now + ", netune had set " + planned
                        + "; nothing rolled back (it would undo that later change)"),
                BeforeCheck.refusal(GatherOutput.split(out), "web-1", changes, Optional.of("20261130T050000Z-abcd")));
    }

    @Test
    void ownedFilesAreComparedWithWhatTheGatherRead() throws Exception {
        Path file = Files.writeString(dir.resolve("99-zz-netune.conf"), "# header\na = 1\n\n");
        String path = file.toString();
        assertEquals("went on\n", run(List.of(new Change(ChangeKind.of("sysctl-file"), path, "# header\na = 1", "x"))));

        List<Change> edited = List.of(new Change(ChangeKind.of("sysctl-file"), path, "# header\na = 2", "x"));
        String out = run(edited);
        assertEquals("@@netune stale\nsysctl-file\n" + path + "\n# header\na = 1\n\n", out);
        assertEquals(Optional.of("web-1 changed since it was planned: " + path
                + " no longer holds what the plan read; nothing changed, plan again"), refusal(out, edited));

        List<Change> wasAbsent = List.of(new Change(ChangeKind.of("limits-file"), path, null, "x"));
        out = run(wasAbsent);
        assertEquals(Optional.of("web-1 changed since it was planned: " + path
                + " exists now, the plan expected it absent; nothing changed, plan again"), refusal(out, wasAbsent));

        Files.delete(file);
        out = run(List.of(new Change(ChangeKind.of("sysctl-file"), path, "# header\na = 1", "x")));
        assertEquals("@@netune stale\nsysctl-file\n" + path + "\n(absent)\n", out);
        assertEquals("went on\n", run(wasAbsent));
    }
}
