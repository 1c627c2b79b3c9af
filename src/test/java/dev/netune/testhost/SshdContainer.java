package dev.netune.testhost;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.DockerObject;
import com.github.dockerjava.api.model.HostConfig;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import dev.netune.transport.ExecResult;
import dev.netune.transport.SshTarget;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real sshd test host: one container of {@code netune/sshd-test:latest} with root and the
 * passwordless-sudo user {@code tuner}, both accepting this test run's client key.
 *
 * <p>Use it as a JUnit extension (started before the class's tests, removed after them):
 * <pre>{@code
 * @RegisterExtension
 * static final SshdContainer HOST = new SshdContainer();
 *
 * try (var ssh = SshTransport.connect(HOST.target("web-1", "tuner", true), SshOptions.defaults())) { ... }
 * assertEquals("1\n", HOST.exec("cat", "/proc/sys/net/ipv4/tcp_mtu_probing"));
 * }</pre>
 * or by hand with {@link #start()} and {@link #close()}. The container gets NET_ADMIN and an
 * unmasked /proc/sys, so scripts can really change its (namespaced) network sysctls and NICs.
 * {@link #exec} reads state through docker exec, never through netune, so checks stay honest.
 *
 * <p>The image is built (or found up to date) by {@code testhosts/container/build-image.sh}
 * once per JVM, so a plain {@code mvn verify} works on a fresh machine.
 */
public final class SshdContainer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    public static final String IMAGE = "netune/sshd-test:latest";
    /** Users with the client key installed; {@code tuner} has NOPASSWD sudo. */
    public static final String ROOT = "root";
    public static final String TUNER = "tuner";

    private static final Object BUILD_LOCK = new Object();
    private static boolean imageReady;
    private static ClientKey clientKey;

    private GenericContainer<?> container;
    private Path knownHosts;
    private boolean sysAdmin;

    /**
     * Also gives the container SYS_ADMIN, so a test can remount its /sys read-write (RPS/XPS of
     * its own veths). Only for a test's private container: it widens what the container may do.
     */
    public SshdContainer withSysAdmin() {
        this.sysAdmin = true;
        return this;
    }

    /** Starts the container; a no-op when it is already running. */
    public synchronized SshdContainer start() {
        if (container != null) {
            return this;
        }
        ensureImage();
        ClientKey key = clientKey();
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withEnv("AUTHORIZED_KEY", key.publicKey())
                .withExposedPorts(22)
                .withCreateContainerCmdModifier(cmd -> {
                    HostConfig hostConfig = cmd.getHostConfig() != null ? cmd.getHostConfig() : new HostConfig();
                    // NET_ADMIN lets scripts change the container's NICs and its netns's sysctls.
                    hostConfig.withCapAdd(sysAdmin ? new Capability[] {Capability.NET_ADMIN, Capability.SYS_ADMIN}
                            : new Capability[] {Capability.NET_ADMIN});
                    // "--security-opt systempaths=unconfined" is resolved by the docker CLI into empty
                    // MaskedPaths/ReadonlyPaths (the API rejects it as a security opt), so /proc/sys is
                    // writable. docker-java's HostConfig has no such fields, but sends its raw values as-is.
                    Map<String, Object> raw = rawValues(hostConfig);
                    raw.put("MaskedPaths", List.of());
                    raw.put("ReadonlyPaths", List.of());
                    cmd.withHostConfig(hostConfig);
                })
                // docker picks the published port from the same range as the kernel's ephemeral ports,
                // so under load it can collide ("address already in use"): try again with a new port
                .withStartupAttempts(3)
                // sshd logs this after it has bound the port; host keys exist by then.
                .waitingFor(Wait.forLogMessage(".*Server listening on .* port 22.*", 1)
                        .withStartupTimeout(Duration.ofSeconds(60)));
        c.start();
        container = c;
        try {
            knownHosts = writeKnownHosts();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /** Stops and removes the container. */
    @Override
    public synchronized void close() {
        if (container != null) {
            container.stop();
            container = null;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Where to connect: always IPv4 loopback, the published port is bound there. */
    public String address() {
        return "127.0.0.1";
    }

    public int port() {
        return running().getMappedPort(22);
    }

    /** The test run's client private key, accepted for root and tuner. */
    public Path identityFile() {
        return clientKey().privateKey();
    }

    /** A known_hosts file with this container's ed25519 host key under [127.0.0.1]:port and [localhost]:port. */
    public Path knownHostsFile() {
        running();
        return knownHosts;
    }

    /** A target for this container with the test key and known_hosts. */
    public SshTarget target(String name, String user, boolean become) {
        return new SshTarget(name, address(), port(), user, identityFile(), knownHostsFile(), become);
    }

    /** {@code target("sshd-test", "root", false)}. */
    public SshTarget rootTarget() {
        return target("sshd-test", ROOT, false);
    }

    /** Runs argv in the container as root (docker exec); returns stdout, fails on a non-zero exit. */
    public String exec(String... argv) {
        ExecResult result = execResult(argv);
        if (!result.ok()) {
            throw new IllegalStateException("in container: " + String.join(" ", argv) + " exited "
                    + result.exitCode() + ": " + result.stderr().strip());
        }
        return result.stdout();
    }

    /** Runs argv in the container as root (docker exec) and returns whatever happened. */
    public ExecResult execResult(String... argv) {
        return DockerExec.run(running(), argv);
    }

    /** {@code exec("sh", "-c", script)}: for setup that needs pipes or redirections. */
    public String sh(String script) {
        return exec("sh", "-c", script);
    }

    /** One host public key as "type base64 comment", e.g. {@code hostPublicKey("ed25519")}. */
    public String hostPublicKey(String type) {
        return exec("cat", "/etc/ssh/ssh_host_" + type + "_key.pub").strip();
    }

    /** The container for anything not covered here (logs, copying files). */
    public GenericContainer<?> container() {
        return running();
    }

    // ---- setup ----

    /**
     * The mutable map behind {@link DockerObject#getRawValues()} (which only hands out a
     * read-only view): serialized into the request through Jackson's {@code @JsonAnyGetter}.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> rawValues(DockerObject object) {
        try {
            Field field = DockerObject.class.getDeclaredField("rawValues");
            field.setAccessible(true);
            Map<String, Object> raw = (Map<String, Object>) field.get(object);
            if (raw == null) {
                raw = new HashMap<>();
                field.set(object, raw);
            }
            return raw;
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot unmask /proc/sys with this docker-java version: " + e, e);
        }
    }

    private GenericContainer<?> running() {
        if (container == null) {
            throw new IllegalStateException("SshdContainer is not started (register it with @RegisterExtension"
                    + " or call start())");
        }
        return container;
    }

    private Path writeKnownHosts() {
        String[] key = hostPublicKey("ed25519").split("\\s+");
        int port = port();
        // Both names: netune connects to 127.0.0.1; tools that go through Testcontainers' host see localhost.
        String line = "[127.0.0.1]:" + port + ",[localhost]:" + port + " " + key[0] + " " + key[1] + "\n";
        Path file = workDir().resolve("known_hosts-" + running().getContainerId().substring(0, 12));
        try {
            Files.writeString(file, line);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** The private key file and the one-line public key of this JVM's client key pair. */
    public record ClientKey(Path privateKey, String publicKey) {
    }

    /** This test run's client key pair (one per JVM), generated on first use under target/. */
    public static synchronized ClientKey clientKey() {
        if (clientKey == null) {
            clientKey = generateKey(workDir().resolve("client-" + ProcessHandle.current().pid()).resolve("id_ed25519"));
        }
        return clientKey;
    }

    /**
     * Generates an unencrypted key pair at {@code privateKey} (+ ".pub"): ed25519 with ssh-keygen
     * (JSch cannot write ed25519 private keys), RSA with JSch where ssh-keygen is missing.
     */
    public static ClientKey generateKey(Path privateKey) {
        try {
            Files.createDirectories(privateKey.getParent());
            Files.deleteIfExists(privateKey);
            Files.deleteIfExists(Path.of(privateKey + ".pub"));
            if (!sshKeygen(privateKey)) {
                JSch jsch = new JSch();
                KeyPair pair = KeyPair.genKeyPair(jsch, KeyPair.RSA, 3072);
                pair.writePrivateKey(privateKey.toString());
                pair.writePublicKey(privateKey + ".pub", "netune-test");
                pair.dispose();
            }
            return new ClientKey(privateKey, Files.readString(Path.of(privateKey + ".pub")).strip());
        } catch (IOException | JSchException e) {
            throw new IllegalStateException("cannot generate a test key pair at " + privateKey + ": " + e.getMessage(), e);
        }
    }

    private static boolean sshKeygen(Path privateKey) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "netune-test",
                    "-f", privateKey.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return false; // No ssh-keygen on this machine.
        }
        try {
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running ssh-keygen", e);
        }
    }

    /** Runs build-image.sh once per JVM: cheap when the image is current, a real build otherwise. */
    private static void ensureImage() {
        synchronized (BUILD_LOCK) {
            if (imageReady) {
                return;
            }
            Path script = projectDir().resolve("testhosts/container/build-image.sh");
            if (!Files.isRegularFile(script)) {
                throw new IllegalStateException("cannot build " + IMAGE + ": " + script + " not found"
                        + " (set -Dnetune.projectDir to the netune checkout)");
            }
            try {
                // inheritIO: the build's progress lines belong in the test log.
                Process p = new ProcessBuilder("bash", script.toString()).inheritIO().start();
                if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IllegalStateException(script + " failed; see its output above");
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while building " + IMAGE, e);
            }
            imageReady = true;
        }
    }

    private static Path projectDir() {
        String dir = System.getProperty("netune.projectDir");
        return Path.of(dir != null && !dir.isBlank() ? dir : System.getProperty("user.dir")).toAbsolutePath();
    }

    /** target/netune-it: per-run files (keys, known_hosts) that mvn clean removes. */
    private static Path workDir() {
        Path dir = projectDir().resolve("target").resolve("netune-it");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }
}
