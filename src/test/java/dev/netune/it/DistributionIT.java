package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.cli.Main;
import dev.netune.report.BuildInfo;
import dev.netune.setting.shared.SysctlFacts;
import dev.netune.testhost.InstallHost;
import dev.netune.testhost.Require;
import dev.netune.testhost.SshdContainer;
import dev.netune.transport.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * The distributions `mvn package` built, installed as a user would on a machine that has only
 * Debian and its Java 17 runtime (no Maven, no JDK, no checkout): the release archive unpacked and
 * run, the .deb installed with dpkg; each then plans a real fleet host over SSH. One install
 * container per distribution; the fleet host is an sshd container reached on the docker bridge.
 * The container image is built from the repository's Dockerfile on the same local Java base
 * (public registries are unreachable here) and run as `docker run` would.
 */
class DistributionIT {
    @RegisterExtension
    static final SshdContainer FLEET = new SshdContainer();

    private static final BuildInfo BUILD = BuildInfo.current();

    @BeforeEach
    void drift() {
        // per network namespace: the container's own; the persisted file an apply left is removed too
        FLEET.sh("echo 4096 > /proc/sys/net/core/somaxconn; rm -f " + SysctlFacts.PERSIST_FILE);
    }

    static Path archive() {
        return built("netune-" + BUILD.version() + ".tar.gz");
    }

    static Path deb() {
        return built("netune_" + BUILD.version() + "_all.deb");
    }

    private static Path built(String name) {
        Path p = InstallHost.buildDir().resolve(name);
        assertTrue(Files.isRegularFile(p), p + " was not built by mvn package");
        return p;
    }

    /** The SSH client side on the install machine: key, known_hosts, an inventory and a profile. */
    static void fleetClient(InstallHost m) {
        String ip = InstallHost.bridgeIp(FLEET.container());
        String[] key = FLEET.hostPublicKey("ed25519").split("\\s+");
        m.copy(FLEET.identityFile(), "/root/.ssh/id_ed25519", 0600);
        m.write("/root/.ssh/known_hosts", ip + " " + key[0] + " " + key[1] + "\n");
        m.write("/root/fleet/web.yaml", "name: web\nsysctl:\n  net.core.somaxconn: 8192\n");
        m.write("/root/fleet/inventory.yaml", """
                defaults:
                  user: root
                  identityFile: /root/.ssh/id_ed25519
                  knownHosts: /root/.ssh/known_hosts
                groups:
                  web:
                    profiles: [web.yaml]
                    hosts:
                      fleet-1: {address: %s, port: 22}
                """.formatted(ip));
    }

    /** A real plan of the fleet host from the install machine: the drifted somaxconn, exit 2. */
    static void plansTheFleet(InstallHost m, String netune) {
        ExecResult plan = m.exec(netune, "plan", "-i", "/root/fleet/inventory.yaml", "--detailed-exitcode");
        assertEquals(2, plan.exitCode(), plan.stdout() + plan.stderr());
        assertTrue(plan.stdout().contains("fleet-1 (" + InstallHost.bridgeIp(FLEET.container()) + ":22): 2 to change"),
                plan.stdout());
        assertTrue(plan.stdout().contains("~ sysctl net.core.somaxconn: 4096 -> 8192"), plan.stdout());
        assertEquals("4096\n", FLEET.exec("cat", "/proc/sys/net/core/somaxconn"), "plan changes nothing");
    }

    /**
     * The plan trained the per-user class-data-sharing archive; the first apply trains it once more,
     * adding the classes only writing loads, and the next apply loads them from it.
     */
    private static void firstApplyAddsTheWritePathToTheArchive(InstallHost m) {
        String archive = "$(ls /root/.cache/netune/netune-*.jsa)";
        assertEquals("hosts\n", ok(m.sh("cat " + archive + ".trained")).stdout());
        assertFalse(ok(m.sh("cat " + archive + ".classes")).stdout().contains("dev/netune/engine/ApplyScript\n"));

        ExecResult apply = m.exec("netune", "apply", "--yes", "-i", "/root/fleet/inventory.yaml");
        assertEquals(0, apply.exitCode(), apply.stdout() + apply.stderr());
        assertEquals("8192\n", FLEET.exec("cat", "/proc/sys/net/core/somaxconn"));
        assertEquals("writes\n", ok(m.sh("cat " + archive + ".trained")).stdout());
        String classes = ok(m.sh("cat " + archive + ".classes")).stdout();
        assertTrue(classes.contains("dev/netune/engine/ApplyScript\n"), "the apply's classes are listed");
        assertTrue(classes.contains("dev/netune/engine/FleetRunner\n") && classes.contains("picocli/CommandLine\n"),
                "with the earlier trainings' ones");
        String trained = ok(m.sh("stat -c '%i %Y' " + archive)).stdout();

        FLEET.sh("echo 4096 > /proc/sys/net/core/somaxconn");
        ExecResult again = m.exec("env", "NETUNE_JAVA_OPTS=-Xlog:class+load:file=/tmp/classes.log",
                "netune", "apply", "--yes", "-i", "/root/fleet/inventory.yaml");
        assertEquals(0, again.exitCode(), again.stdout() + again.stderr());
        assertEquals("8192\n", FLEET.exec("cat", "/proc/sys/net/core/somaxconn"));
        assertTrue(ok(m.exec("cat", "/tmp/classes.log")).stdout()
                .contains("dev.netune.engine.ApplyScript source: shared objects file\n"), "loaded from the archive");
        assertEquals(trained, ok(m.sh("stat -c '%i %Y' " + archive)).stdout(), "not trained again");
    }

    /**
     * {@code netune --version} run by the installed launcher with JAVA_HOME at {@code home}: a
     * stand-in runtime whose {@code java -version} says {@code says}, with {@code release} as its
     * release file when not null.
     */
    private static ExecResult versionWithJava(InstallHost m, String dir, String home, String says, String release) {
        if (release != null) {
            m.write(home + "/release", release);
        }
        m.write(home + "/bin/java", "#!/bin/sh\necho 'openjdk version \"" + says + "\" 2024-01-16' >&2\n");
        ok(m.exec("chmod", "755", home + "/bin/java"));
        return m.exec("env", "JAVA_HOME=" + home, dir + "/bin/netune", "--version");
    }

    static ExecResult ok(ExecResult r) {
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        return r;
    }

    /** One man page per command and subcommand: netune.1, netune-plan.1, netune-report-merge.1, ... */
    static TreeSet<String> expectedManPages() {
        TreeSet<String> pages = new TreeSet<>();
        collect(new CommandLine(new Main.All()), "netune", pages);
        return pages;
    }

    private static void collect(CommandLine cl, String name, TreeSet<String> pages) {
        pages.add(name + ".1.gz");
        cl.getSubcommands().forEach((sub, c) -> {
            if (c.getCommandSpec().name().equals(sub)) { // aliases have no page of their own
                collect(c, name + "-" + sub, pages);
            }
        });
    }

    static TreeSet<String> lines(String s) {
        return new TreeSet<>(Arrays.stream(s.split("\n")).filter(l -> !l.isBlank()).toList());
    }

    @Test
    void archiveUnpackedAnywhereRunsWithoutMaven() {
        String dir = "/opt/tools/netune-" + BUILD.version();
        try (InstallHost m = InstallHost.start()) {
            m.copy(archive(), "/tmp/netune.tar.gz", 0644);
            ok(m.sh("mkdir -p /opt/tools && tar xzf /tmp/netune.tar.gz -C /opt/tools"));
            assertFalse(m.sh("command -v mvn || command -v javac || ls /root/.m2").ok(), "a machine without a build");

            assertEquals(BUILD.line() + "\n", ok(m.exec(dir + "/bin/netune", "--version")).stdout());
            assertTrue(BUILD.commit().matches("[0-9a-f]{10}"), BUILD.line());
            // through a symlink on PATH, from another directory, as installs do
            ok(m.sh("ln -s " + dir + "/bin/netune /usr/local/bin/netune"));
            assertEquals(BUILD.line() + "\n", ok(m.sh("cd / && netune --version")).stdout());
            fleetClient(m);
            plansTheFleet(m, "netune");
            firstApplyAddsTheWritePathToTheArchive(m);

            assertEquals(expectedManPages(), lines(ok(m.exec("ls", dir + "/share/man/man1")).stdout()));
            assertTrue(ok(m.sh("zcat " + dir + "/share/man/man1/netune-plan.1.gz")).stdout()
                    .contains(".TH \"NETUNE\\-PLAN\" \"1\""), "a troff man page");
            for (String f : List.of("LICENSE", "README.md", "profiles/web-server.yaml", "schema/profile.schema.json",
                    "schema/inventory.schema.json")) {
                ok(m.exec("test", "-s", dir + "/" + f));
            }
            assertTrue(ok(m.exec("head", "-n", "3", dir + "/LICENSE")).stdout().contains("Apache License"));
            // bash completes a subcommand and an option from the shipped completion script
            String complete = "source " + dir + "/share/bash-completion/completions/netune; complete -p netune;"
                    + " COMP_WORDS=(netune dri); COMP_CWORD=1; COMP_LINE='netune dri'; COMP_POINT=10;"
                    + " _complete_netune; echo \"${COMPREPLY[*]}\";"
                    + " COMP_WORDS=(netune drift --for); COMP_CWORD=2; COMP_LINE='netune drift --for'; COMP_POINT=18;"
                    + " _complete_netune; echo \"${COMPREPLY[*]}\";"
                    + " COMP_WORDS=(netune drift --format ''); COMP_CWORD=3; COMP_LINE='netune drift --format ';"
                    + " _complete_netune 2>/dev/null; echo \"${COMPREPLY[*]}\"";
            assertEquals("complete -o default -F _complete_netune netune\ndrift\n--forks --format\ntext json junit markdown prometheus\n",
                    ok(m.exec("bash", "-c", complete)).stdout());

            // Java that is missing or too old is named, not a stack trace
            ExecResult noJava = m.exec("env", "JAVA_HOME=/opt/none", dir + "/bin/netune", "--version");
            assertEquals(1, noJava.exitCode());
            assertEquals("netune: JAVA_HOME is /opt/none, which has no bin/java; point it at a Java 17 or newer,"
                    + " or unset it\n", noJava.stderr());
            // a Java 11 as `java -version` shows one (no release file: the launcher asks the JVM)
            ExecResult old = versionWithJava(m, dir, "/opt/java11", "11.0.22", null);
            assertEquals(1, old.exitCode());
            assertEquals("netune: /opt/java11/bin/java is Java 11; netune needs Java 17 or newer (set JAVA_HOME to one)\n",
                    old.stderr());
            // a runtime with a release file (the launcher reads it and starts no JVM); its java would say 17
            ExecResult eight = versionWithJava(m, dir, "/opt/java8", "17.0.15",
                    "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"1.8.0_392\"\nOS_NAME=\"Linux\"");
            assertEquals(1, eight.exitCode());
            assertEquals("netune: /opt/java8/bin/java is Java 8; netune needs Java 17 or newer (set JAVA_HOME to one)\n",
                    eight.stderr());
        }
        // the sshd test image has no Java at all
        FLEET.container().copyFileToContainer(org.testcontainers.utility.MountableFile.forHostPath(archive()),
                "/tmp/netune.tar.gz");
        FLEET.sh("mkdir -p /tmp/nt && tar xzf /tmp/netune.tar.gz -C /tmp/nt");
        ExecResult none = FLEET.execResult("/tmp/nt/netune-" + BUILD.version() + "/bin/netune", "--version");
        assertEquals(1, none.exitCode());
        assertEquals("netune: no Java found: netune needs Java 17 or newer. Install one (Debian/Ubuntu: apt install"
                + " openjdk-17-jre-headless) or set JAVA_HOME\n", none.stderr());
    }

    @Test
    void containerImageOnTheLocalJavaBaseRunsAgainstTheFleet() throws Exception {
        InstallHost.ensureImage();
        // the build context as the repository has it: the Dockerfile and target/netune-VERSION.tar.gz
        Path ctx = InstallHost.buildDir().resolve("image-it");
        InstallHost.deleteTree(ctx);
        Files.createDirectories(ctx.resolve("target"));
        Files.copy(InstallHost.projectDir().resolve("Dockerfile"), ctx.resolve("Dockerfile"));
        Files.copy(archive(), ctx.resolve("target").resolve(archive().getFileName()));
        String tag = "netune/netune:it-" + ProcessHandle.current().pid();
        InstallHost.run(List.of("docker", "build", "-q", "--build-arg", "BASE=" + InstallHost.IMAGE,
                "--build-arg", "VERSION=" + BUILD.version(), "-t", tag, ctx.toString()), 10);
        try {
            assertEquals("netune\n", InstallHost.docker(List.of("image", "inspect", "--format", "{{.Config.User}}", tag)).stdout());
            // what the pod or `docker run` gets: key, known_hosts and inventory mounted read-only
            Path fleet = ctx.resolve("fleet");
            Files.createDirectories(fleet);
            String ip = InstallHost.bridgeIp(FLEET.container());
            String[] key = FLEET.hostPublicKey("ed25519").split("\\s+");
            Files.copy(FLEET.identityFile(), fleet.resolve("id_ed25519"));
            Files.writeString(fleet.resolve("known_hosts"), ip + " " + key[0] + " " + key[1] + "\n");
            Files.writeString(fleet.resolve("web.yaml"), "name: web\nsysctl:\n  net.core.somaxconn: 8192\n");
            Files.writeString(fleet.resolve("inventory.yaml"), """
                    defaults: {user: root, identityFile: id_ed25519, knownHosts: known_hosts}
                    hosts:
                      fleet-1: {address: %s, profiles: [web.yaml]}
                    """.formatted(ip));
            for (Path f : List.of(fleet, fleet.resolve("id_ed25519"))) {
                // the image runs as uid 10001: the test key must be readable by it (a throwaway key)
                Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString(
                        Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
            }
            ExecResult run = InstallHost.docker(List.of("run", "--rm", "-v", fleet + ":/fleet:ro", tag,
                    "plan", "-i", "/fleet/inventory.yaml", "--format", "json"));
            ok(run);
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.stdout());
            assertEquals(BUILD.version(), json.get("netuneVersion").asText(), run.stdout());
            assertEquals(BUILD.commit(), json.get("netuneCommit").asText(), run.stdout());
            var host = json.get("hosts").get(0);
            assertEquals("changes", host.get("status").asText(), run.stdout());
            var change = host.get("changes").get(0);
            assertEquals(List.of("net.core.somaxconn", "4096", "8192"), List.of(change.get("target").asText(),
                    change.get("before").asText(), change.get("after").asText()));
        } finally {
            InstallHost.docker(List.of("image", "rm", "-f", tag));
            InstallHost.deleteTree(ctx);
        }
    }

    @Test
    void debianPackageInstallsWithItsJavaDependencyAndPlans() throws Exception {
        try (InstallHost m = InstallHost.start()) {
            m.copy(deb(), "/tmp/netune.deb", 0644);
            ok(m.exec("dpkg", "-i", "/tmp/netune.deb")); // dpkg checks Depends: Debian's JRE 17 is installed
            String status = ok(m.exec("dpkg", "-s", "netune")).stdout();
            assertTrue(status.contains("Status: install ok installed"), status);
            assertTrue(status.contains("Depends: openjdk-17-jre-headless | java17-runtime-headless"), status);

            assertEquals("/usr/bin/netune\n", ok(m.sh("command -v netune")).stdout());
            assertEquals(BUILD.line() + "\n", ok(m.exec("netune", "--version")).stdout());
            fleetClient(m);
            plansTheFleet(m, "netune");
            firstApplyAddsTheWritePathToTheArchive(m);

            assertEquals(expectedManPages(), lines(ok(m.sh("cd /usr/share/man/man1 && ls netune*")).stdout()));
            for (String f : List.of("/usr/share/bash-completion/completions/netune", "/usr/share/doc/netune/copyright",
                    "/usr/share/netune/profiles/web-server.yaml", "/usr/share/netune/schema/profile.schema.json")) {
                ok(m.exec("test", "-s", f));
            }
            ok(m.exec("dpkg", "-r", "netune"));
            assertFalse(m.exec("test", "-e", "/usr/bin/netune").ok(), "removed with the package");
        }
        // lintian-clean but for JSch's own classes for newer Javas in the jar's META-INF/versions
        // (which ones depends on the JSch release: 2.27 has one for Java 24, 2.28 one for Java 23)
        Require.that(Files.isExecutable(Path.of("/usr/bin/lintian")), "lintian is installed (scripts/test.sh)");
        ExecResult lintian = InstallHost.host(List.of("timeout", "300", "lintian", "--tag-display-limit", "0", deb().toString()));
        List<String> tags = lintian.stdout().lines().filter(l -> !l.isBlank()).toList();
        Pattern jschMultiRelease = Pattern.compile("W: netune: unknown-java-class-version"
                + " META-INF/versions/\\d+/com/jcraft/jsch/\\S+\\.class -> \\d+ \\[usr/share/netune/lib/netune\\.jar]");
        assertTrue(tags.stream().allMatch(t -> jschMultiRelease.matcher(t).matches()), lintian.stdout() + lintian.stderr());
        // without a Java runtime, dpkg refuses it for the dependency
        FLEET.container().copyFileToContainer(org.testcontainers.utility.MountableFile.forHostPath(deb()),
                "/tmp/netune.deb");
        ExecResult refused = FLEET.execResult("dpkg", "-i", "/tmp/netune.deb");
        assertEquals(1, refused.exitCode(), refused.stdout() + refused.stderr());
        assertTrue(refused.stderr().contains("netune depends on openjdk-17-jre-headless | java17-runtime-headless"),
                refused.stderr());
    }
}
