package dev.netune.testhost;

import com.github.dockerjava.api.model.ContainerNetwork;
import dev.netune.transport.ExecResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * A fresh machine to install netune's distributions on: a container of {@code
 * netune/java-test:bookworm} (Debian bookworm with Debian's Java 17 runtime, no Maven, no JDK),
 * built by {@code testhosts/java/build-image.sh}. Commands run with a deadline.
 */
public final class InstallHost implements AutoCloseable {
    public static final String IMAGE = "netune/java-test:bookworm";
    private static boolean imageReady;

    private final GenericContainer<?> container;

    private InstallHost(GenericContainer<?> container) {
        this.container = container;
    }

    /** Starts a new container of the Java image (building the image first when needed). */
    public static InstallHost start() {
        return start(IMAGE);
    }

    /** Starts a new, idle container of {@code image}. */
    public static InstallHost start(String image) {
        ensureImage();
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("sleep", "3600"))
                .withStartupTimeout(java.time.Duration.ofSeconds(60));
        c.start();
        return new InstallHost(c);
    }

    /** Builds netune/java-test:bookworm once per JVM (cached by its recipe hash otherwise). */
    public static synchronized void ensureImage() {
        if (imageReady) {
            return;
        }
        run(List.of("bash", projectDir().resolve("testhosts/java/build-image.sh").toString()), 30);
        imageReady = true;
    }

    /**
     * Runs a command on this machine (docker build, ...) with its output in a log file (the forked
     * test JVM's own stdout belongs to failsafe); fails with the log's tail on a non-zero exit.
     */
    public static void run(List<String> argv, int minutes) {
        try {
            Path log = Files.createTempFile("netune-it-run", ".log");
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", argv) + " took more than " + minutes + " min");
            }
            String output = Files.readString(log);
            Files.delete(log);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " exited " + p.exitValue() + ":\n"
                        + output.substring(Math.max(0, output.length() - 4000)));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + argv + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + argv, e);
        }
    }

    public static Path projectDir() {
        String dir = System.getProperty("netune.projectDir");
        return Path.of(dir != null && !dir.isBlank() ? dir : System.getProperty("user.dir")).toAbsolutePath();
    }

    /** Where Maven built the distributions (-Dnetune.buildDir or target/). */
    public static Path buildDir() {
        String dir = System.getProperty("netune.buildDir");
        return dir != null && !dir.isBlank() ? Path.of(dir) : projectDir().resolve("target");
    }

    /** Copies a file of this machine into the container with the given mode (e.g. 0600). */
    public void copy(Path file, String containerPath, int mode) {
        container.copyFileToContainer(MountableFile.forHostPath(file, mode), containerPath);
    }

    /** Writes text to a file in the container. */
    public void write(String containerPath, String text) {
        container.copyFileToContainer(Transferable.of(text.getBytes(StandardCharsets.UTF_8), 0644), containerPath);
    }

    /** Runs argv in the container under coreutils' timeout (two minutes), as root. */
    public ExecResult exec(String... argv) {
        List<String> cmd = new ArrayList<>(List.of("timeout", "120"));
        cmd.addAll(List.of(argv));
        return DockerExec.run(container, cmd.toArray(String[]::new));
    }

    /** {@code exec("sh", "-c", script)}. */
    public ExecResult sh(String script) {
        return exec("sh", "-c", script);
    }

    /** The container's address on the docker bridge. */
    public static String bridgeIp(GenericContainer<?> c) {
        return c.getContainerInfo().getNetworkSettings().getNetworks().values().stream()
                .map(ContainerNetwork::getIpAddress).filter(ip -> ip != null && !ip.isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalStateException("container has no bridge address"));
    }

    /** docker CLI with a deadline; the result whatever the exit code. */
    public static ExecResult docker(List<String> args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("timeout", "300", "docker"));
        argv.addAll(args);
        return host(argv);
    }

    /** A command on this machine (argv starts with coreutils' timeout); the result whatever the exit code. */
    public static ExecResult host(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).start();
        var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        String err = read(p.getErrorStream());
        if (!p.waitFor(310, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(argv + " did not finish");
        }
        return new ExecResult(p.exitValue(), out.get(), err);
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readNBytes(4 << 20), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() {
        container.stop();
    }
}
