package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.report.BuildInfo;
import dev.netune.testhost.InstallHost;
import dev.netune.transport.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both launchers with their class-data-sharing archive missing, refused by the JVM (made for another
 * jar) or damaged: netune still starts and prints exactly what it prints without one. A truncated
 * archive crashes Java 17 (SIGBUS while mapping it), so the launchers check its size first.
 * Runs on this machine (no containers): the source launcher copied beside a copy of the jar, and
 * the release archive unpacked with its own HOME for the per-user archive.
 */
class LauncherCdsIT {
    private static final String VERSION_LINE = BuildInfo.current().line() + "\n";

    @TempDir
    Path dir;

    private static ExecResult run(List<String> env, String... argv) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("timeout", "120", "env"));
        cmd.addAll(env);
        cmd.addAll(Arrays.asList(argv));
        return InstallHost.host(cmd);
    }

    /** The version line and nothing else: no JVM warning about the archive on either stream. */
    private static void printsTheVersion(ExecResult r) {
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertEquals(VERSION_LINE, r.stdout());
        assertEquals("", r.stderr());
    }

    @Test
    void packageDumpedAWholeArchiveForTheSourceLauncher() throws Exception {
        Path jsa = InstallHost.buildDir().resolve("netune.jsa");
        assertTrue(Files.isRegularFile(jsa), jsa + " was not dumped by mvn package");
        assertEquals(String.valueOf(Files.size(jsa)), Files.readString(InstallHost.buildDir().resolve("netune.jsa.size")));
        // the launchers' own check takes it as whole (its size file has no newline: Ant's echo)
        ExecResult whole = InstallHost.host(List.of("sh", "-c", ". \"$1\" && netune_cds_whole \"$2\"", "sh",
                InstallHost.projectDir().resolve("src/dist/lib/netune-cds.sh").toString(), jsa.toString()));
        assertEquals(0, whole.exitCode(), "netune_cds_whole refuses the package's archive: " + whole.stderr());
    }

    @Test
    void sourceLauncherStartsWithoutAStaleOrDamagedArchive() throws Exception {
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.copy(InstallHost.projectDir().resolve("netune"), dir.resolve("netune"), StandardCopyOption.COPY_ATTRIBUTES);
        Path lib = Files.createDirectories(dir.resolve("src/dist/lib"));
        Files.copy(InstallHost.projectDir().resolve("src/dist/lib/netune-cds.sh"), lib.resolve("netune-cds.sh"));
        Files.copy(InstallHost.buildDir().resolve("netune.jar"), target.resolve("netune.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        String launcher = dir.resolve("netune").toString();
        Path jsa = target.resolve("netune.jsa");

        printsTheVersion(run(List.of(), launcher, "--version")); // none

        // the build's archive, made for the jar at another path: the JVM refuses it
        byte[] built = Files.readAllBytes(InstallHost.buildDir().resolve("netune.jsa"));
        Files.write(jsa, built);
        Files.writeString(target.resolve("netune.jsa.size"), String.valueOf(built.length));
        printsTheVersion(run(List.of(), launcher, "--version"));
        ExecResult validate = run(List.of(), launcher, "validate", InstallHost.projectDir().resolve("profiles/web-server.yaml").toString());
        assertEquals(0, validate.exitCode(), validate.stdout() + validate.stderr());
        assertTrue(validate.stdout().startsWith("ok: web-server"), validate.stdout());
        assertEquals("", validate.stderr());

        // cut short (a full disk, a copy interrupted): its recorded size no longer matches
        Files.write(jsa, Arrays.copyOf(built, 4096));
        printsTheVersion(run(List.of(), launcher, "--version"));
        // garbage of the right size: the JVM's own header check refuses it
        byte[] garbage = new byte[built.length];
        new java.util.Random(20).nextBytes(garbage);
        Files.write(jsa, garbage);
        printsTheVersion(run(List.of(), launcher, "--version"));

        // a command that reaches hosts (here this machine, read only) trains target/netune-hosts.jsa for this jar
        Path hosts = target.resolve("netune-hosts.jsa");
        ExecResult facts = run(List.of(), launcher, "facts");
        assertEquals(0, facts.exitCode(), facts.stdout() + facts.stderr());
        assertEquals("hosts", Files.readString(Path.of(hosts + ".trained")).strip());
        assertEquals(String.valueOf(Files.size(hosts)), Files.readString(Path.of(hosts + ".size")).strip());
        long trained = Files.getLastModifiedTime(hosts).toMillis();
        ExecResult again = run(List.of(), launcher, "facts");
        assertEquals(0, again.exitCode(), again.stdout() + again.stderr());
        assertEquals(trained, Files.getLastModifiedTime(hosts).toMillis(), "used, not trained again");
        // made for another jar or JVM: trained again rather than refused by the JVM on every run
        Files.writeString(Path.of(hosts + ".key"), "1 2 /another/java\n");
        ExecResult other = run(List.of(), launcher, "facts");
        assertEquals(0, other.exitCode(), other.stdout() + other.stderr());
        assertTrue(Files.readString(Path.of(hosts + ".key")).endsWith("/bin/java\n")
                && !Files.readString(Path.of(hosts + ".key")).contains("/another/"));
        // every try failed for an earlier build, which never got a key: this jar is tried again
        Files.delete(hosts);
        Files.delete(Path.of(hosts + ".key"));
        Files.writeString(Path.of(hosts + ".tries"), "3\n");
        ExecResult retried = run(List.of(), launcher, "facts");
        assertEquals(0, retried.exitCode(), retried.stdout() + retried.stderr());
        assertEquals(String.valueOf(Files.size(hosts)), Files.readString(Path.of(hosts + ".size")).strip());
        assertFalse(Files.exists(Path.of(hosts + ".tries")));
    }

    @Test
    void installedLauncherMakesItsArchiveOnceAndStartsWithoutADamagedOne() throws Exception {
        String version = BuildInfo.current().version();
        String launcher = unpackRelease(version);
        Path home = Files.createDirectories(dir.resolve("home"));
        List<String> env = List.of("HOME=" + home, "XDG_CACHE_HOME=");
        Path cache = home.resolve(".cache/netune");

        // NETUNE_CDS=0: nothing made
        printsTheVersion(run(List.of("HOME=" + home, "XDG_CACHE_HOME=", "NETUNE_CDS=0"), launcher, "--version"));
        assertFalse(Files.exists(cache), "no archive with NETUNE_CDS=0");

        printsTheVersion(run(env, launcher, "--version")); // the first run makes it
        List<Path> made = archives(cache);
        assertEquals(1, made.size(), made.toString());
        Path jsa = made.get(0);
        assertEquals(String.valueOf(Files.size(jsa)), Files.readString(Path.of(jsa + ".size")).strip());

        // later runs load netune's classes from it
        Path log = dir.resolve("classes.log");
        ExecResult used = run(List.of("HOME=" + home, "XDG_CACHE_HOME=", "NETUNE_JAVA_OPTS=-Xlog:class+load:file=" + log),
                launcher, "validate", "--", dir.resolve("netune-" + version + "/profiles/web-server.yaml").toString());
        assertEquals(0, used.exitCode(), used.stdout() + used.stderr());
        // a static archive: netune's classes and picocli's Java 5 ones, which a dynamic archive leaves out
        // ("--" takes validate through picocli, as the training does: a plain validate skips picocli)
        assertTrue(Files.readString(log).contains("dev.netune.profile.ProfileLoader source: shared objects file\n"),
                "netune's classes come from the archive");
        assertTrue(Files.readString(log).contains("picocli.CommandLine source: shared objects file\n"), "and picocli's");

        byte[] whole = Files.readAllBytes(jsa);
        Files.write(jsa, Arrays.copyOf(whole, 4096)); // truncated
        printsTheVersion(run(env, launcher, "--version"));
        byte[] garbage = new byte[whole.length];
        new java.util.Random(20).nextBytes(garbage);
        Files.write(jsa, garbage); // refused by the JVM
        printsTheVersion(run(env, launcher, "--version"));
        assertEquals(List.of(jsa), archives(cache), "not made again on every run");
    }

    @Test
    void theFirstCommandThatReachesHostsTrainsTheArchiveAgainAndLaterOnesStartFromIt() throws Exception {
        String version = BuildInfo.current().version();
        String launcher = unpackRelease(version);
        Path home = Files.createDirectories(dir.resolve("home"));
        List<String> env = List.of("HOME=" + home, "XDG_CACHE_HOME=");
        Path cache = home.resolve(".cache/netune");
        printsTheVersion(run(env, launcher, "--version")); // the offline archive (a validate)
        Path jsa = archives(cache).get(0);
        assertEquals("offline", Files.readString(Path.of(jsa + ".trained")).strip());

        // NETUNE_CDS=offline (the container image: a cache that does not outlive the run): not trained by host commands
        ExecResult offline = run(List.of("HOME=" + home, "XDG_CACHE_HOME=", "NETUNE_CDS=offline"), launcher, "facts");
        assertEquals(0, offline.exitCode(), offline.stdout() + offline.stderr());
        assertEquals("offline", Files.readString(Path.of(jsa + ".trained")).strip());

        // a failed run (nothing listens on port 1) keeps no archive of its own and counts the try
        Path inventory = dir.resolve("inventory.yaml");
        Files.writeString(inventory, "hosts:\n  nowhere: {address: 127.0.0.1, port: 1}\n");
        ExecResult failed = run(env, launcher, "plan", "-i", inventory.toString(),
                "-p", dir.resolve("netune-" + version + "/profiles/base.yaml").toString());
        assertEquals(1, failed.exitCode(), failed.stdout() + failed.stderr());
        assertEquals("1", Files.readString(Path.of(jsa + ".tries")).strip());
        assertEquals("offline", Files.readString(Path.of(jsa + ".trained")).strip());

        // facts of this machine (read only, no inventory): a host command that succeeds trains it
        ExecResult facts = run(env, launcher, "facts");
        assertEquals(0, facts.exitCode(), facts.stdout() + facts.stderr());
        assertTrue(facts.stdout().startsWith("localhost (local)"), facts.stdout());
        assertEquals("hosts", Files.readString(Path.of(jsa + ".trained")).strip());
        assertEquals(String.valueOf(Files.size(jsa)), Files.readString(Path.of(jsa + ".size")).strip());
        assertFalse(Files.exists(Path.of(jsa + ".tries")));
        assertEquals(List.of(jsa), archives(cache));

        Path log = dir.resolve("classes.log");
        ExecResult again = run(List.of("HOME=" + home, "XDG_CACHE_HOME=", "NETUNE_JAVA_OPTS=-Xlog:class+load:file=" + log),
                launcher, "facts");
        assertEquals(0, again.exitCode(), again.stdout() + again.stderr());
        assertTrue(again.stdout().startsWith("localhost (local)"), again.stdout());
        assertTrue(Files.readString(log).contains("dev.netune.engine.FleetRunner source: shared objects file\n"),
                "the engine's classes come from the archive the first facts run made");
        assertEquals(List.of(jsa), archives(cache), "not trained again");
    }

    /** The release archive unpacked into the test's directory: its bin/netune. */
    private String unpackRelease(String version) throws Exception {
        Path archive = InstallHost.buildDir().resolve("netune-" + version + ".tar.gz");
        ExecResult untar = run(List.of(), "tar", "xzf", archive.toString(), "-C", dir.toString());
        assertEquals(0, untar.exitCode(), untar.stderr());
        return dir.resolve("netune-" + version + "/bin/netune").toString();
    }

    private static List<Path> archives(Path cache) throws Exception {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jsa")).sorted().toList();
        }
    }
}
