package dev.netune.testhost;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Linux kernel to test against: one QEMU (TCG) guest per JVM, booted from the
 * image built by {@code testhosts/qemu/build-image.sh}.
 *
 * <p>Guest layout (see the build script): {@code mgmt0} = virtio-net on QEMU user
 * networking with SSH forwarded to {@code 127.0.0.1:sshPort()}; {@code eth0} = e1000e on its
 * own user network 10.0.3.0/24 (DHCP, no default route); {@code eth1} = 4-queue virtio-net on
 * the host tap {@value #TAP} (link up, no addresses). Users: {@code root} and {@code tuner}
 * (passwordless sudo), both with the key {@link #identityFile()}.
 *
 * <p>The base image is never written: the guest runs on a qcow2 overlay under
 * {@code target/qemu-guest/}, next to the serial console log.
 *
 * <p>Use {@link #shared()} (or {@link KernelHostExtension}); the guest is stopped by a
 * shutdown hook and by the JUnit root store.
 */
public final class QemuGuest implements AutoCloseable {

    public static final String TAP = "ntune-tap0";
    /** An empty PCIe root port, for a NIC hot-added through {@link #qmp}. */
    public static final String SPARE_PORT = "rp7";
    public static final String USER = "tuner";
    /** An address inside a test's network namespace, reachable from the controller on {@link #edgePort()}. */
    public static final String EDGE_ADDRESS = "10.9.1.2";
    /** The guest's own address on the veth towards that namespace. */
    public static final String INNER_ADDRESS = "10.9.0.1";
    static final Duration BOOT_TIMEOUT = Duration.ofMinutes(5);
    static final Duration BUILD_TIMEOUT = Duration.ofMinutes(40);

    /** Result of a command run in the guest. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** Returns stdout, failing with the full result if the command did not exit 0. */
        public String stdoutOrThrow() {
            if (!ok()) {
                throw new IllegalStateException("guest command failed: " + this);
            }
            return stdout;
        }
    }

    private static QemuGuest shared;
    private static Throwable sharedFailure;

    private final Path projectDir;
    private final Path imageDir;
    private final Path workDir;
    private final Path overlay;
    private final Path serialLog;
    private final Path qemuLog;
    private final Path knownHosts;
    private final int sshPort;
    /** Forwarded to {@link #EDGE_ADDRESS}:22, an address the guest routes into a namespace (see edgePort). */
    private final int edgePort;
    private Process qemu;
    private java.nio.channels.FileChannel lockChannel;
    private java.nio.channels.FileLock lock;
    private boolean tapCreated;
    private boolean closed;
    private Duration lastBootTime = Duration.ZERO;

    private QemuGuest(Path projectDir, Path imageDir, Path workDir, int sshPort) {
        this.projectDir = projectDir;
        this.imageDir = imageDir;
        this.workDir = workDir;
        this.sshPort = sshPort;
        this.edgePort = freePort();
        this.overlay = workDir.resolve("overlay.qcow2");
        this.serialLog = workDir.resolve("serial.log");
        this.qemuLog = workDir.resolve("qemu.log");
        this.knownHosts = workDir.resolve("known_hosts");
    }

    /**
     * The JVM-wide guest, built (if the image cache is empty) and booted on first use.
     * A failed boot is remembered, so later test classes fail fast with the same cause.
     */
    public static synchronized QemuGuest shared() {
        if (shared != null) {
            return shared;
        }
        if (sharedFailure != null) {
            throw new IllegalStateException("QEMU guest failed to start earlier in this JVM", sharedFailure);
        }
        try {
            QemuGuest guest = start(projectDir());
            Runtime.getRuntime().addShutdownHook(new Thread(guest::close, "qemu-guest-shutdown"));
            shared = guest;
            return guest;
        } catch (RuntimeException | Error e) {
            sharedFailure = e;
            throw e;
        }
    }

    /** The shared guest if it was started (for failure reporting), else null. */
    static synchronized QemuGuest sharedIfStarted() {
        return shared;
    }

    static Path projectDir() {
        String prop = System.getProperty("netune.projectDir");
        Path dir = prop != null && !prop.isBlank() ? Paths.get(prop) : Paths.get("").toAbsolutePath();
        return dir.toAbsolutePath().normalize();
    }

    /** Builds the image if needed and boots a new guest (callers normally want {@link #shared()}). */
    public static QemuGuest start(Path projectDir) {
        Path imageDir = ensureImage(projectDir);
        Path workDir = projectDir.resolve("target/qemu-guest");
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        QemuGuest guest = new QemuGuest(projectDir, imageDir, workDir, freePort());
        try {
            guest.boot();
            return guest;
        } catch (RuntimeException | Error e) {
            System.err.println("[qemu-guest] boot failed; serial console log: " + guest.serialLog);
            System.err.println(guest.serialTail(60));
            guest.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------ image

    private static Path ensureImage(Path projectDir) {
        Path script = projectDir.resolve("testhosts/qemu/build-image.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("no image build script at " + script);
        }
        Path log = projectDir.resolve("target/qemu-guest/build-image.log");
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The script is a no-op (prints IMAGE_DIR=...) when the image for its recipe hash exists.
        Instant t0 = Instant.now();
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString())
                .directory(projectDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        int rc = waitFor(pb, BUILD_TIMEOUT, "build-image.sh");
        String out = readQuietly(log);
        if (rc != 0) {
            throw new IllegalStateException("build-image.sh failed (exit " + rc + "), log " + log + ":\n" + tail(out, 40));
        }
        String dir = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("IMAGE_DIR=")) {
                dir = line.substring("IMAGE_DIR=".length()).trim();
            }
        }
        if (dir == null) {
            throw new IllegalStateException("build-image.sh printed no IMAGE_DIR=, log " + log);
        }
        Duration took = Duration.between(t0, Instant.now());
        if (took.toSeconds() > 10) {
            System.err.println("[qemu-guest] image built in " + took.toSeconds() + " s: " + dir);
        }
        return Paths.get(dir);
    }

    // ------------------------------------------------------------------- boot

    /**
     * One guest per machine: the tap name and target/qemu-guest are fixed, so a second JVM
     * (another engineer's run) waits here until the first one has stopped its guest.
     */
    private void acquireMachineLock() {
        Path lockFile = Paths.get(System.getProperty("java.io.tmpdir"), "netune-qemu-guest.lock");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        try {
            lockChannel = java.nio.channels.FileChannel.open(lockFile,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            boolean told = false;
            while ((lock = lockChannel.tryLock()) == null) {
                if (!told) {
                    System.err.println("[qemu-guest] another test run holds " + lockFile + ", waiting");
                    told = true;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("another QEMU test guest is still running (" + lockFile + ")");
                }
                sleep(Duration.ofSeconds(5));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void boot() {
        acquireMachineLock();
        for (String f : List.of("base.ext4", "vmlinuz", "initrd.img", "id_ed25519", "ssh_host_ed25519_key.pub", "cmdline")) {
            if (!Files.isRegularFile(imageDir.resolve(f))) {
                throw new IllegalStateException("image dir " + imageDir + " lacks " + f);
            }
        }
        try {
            Files.deleteIfExists(overlay);
            Files.deleteIfExists(serialLog);
            // OpenSSH refuses private keys readable by others; the cache may have been copied.
            Files.setPosixFilePermissions(identityFile(),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            String hostKey = Files.readString(imageDir.resolve("ssh_host_ed25519_key.pub")).trim();
            String[] parts = hostKey.split("\\s+");
            String key = " " + parts[0] + " " + parts[1] + "\n";
            // one host key for every sshd of the guest, whichever namespace it listens in
            Files.writeString(knownHosts, "[" + address() + "]:" + sshPort + key + "[" + address() + "]:" + edgePort + key
                    + INNER_ADDRESS + key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        checkedRun(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw",
                "-b", imageDir.resolve("base.ext4").toString(), overlay.toString()), Duration.ofMinutes(1));
        createTap();

        String cmdline = readQuietly(imageDir.resolve("cmdline")).trim();
        List<String> argv = new ArrayList<>(List.of(
                "qemu-system-x86_64",
                "-name", "netune-guest",
                "-accel", "tcg",
                "-machine", "q35",
                "-smp", "2",
                "-m", "1024",
                "-nodefaults",
                "-display", "none",
                "-monitor", "none",
                // QMP for device hot-plug (see qmp); a spare root port takes a hot-added NIC
                "-qmp", "unix:" + qmpSocket() + ",server=on,wait=off",
                "-serial", "file:" + serialLog,
                "-kernel", imageDir.resolve("vmlinuz").toString(),
                "-initrd", imageDir.resolve("initrd.img").toString(),
                "-append", cmdline,
                // PCI slots are fixed so the guest's virtio numbering is stable:
                // virtio0 = eth1 (mq), virtio1 = mgmt0, virtio2 = disk.
                "-device", "pcie-root-port,id=rp3,chassis=3,slot=3,addr=0x3",
                "-device", "pcie-root-port,id=rp4,chassis=4,slot=4,addr=0x4",
                "-device", "pcie-root-port,id=rp5,chassis=5,slot=5,addr=0x5",
                "-device", "pcie-root-port,id=rp6,chassis=6,slot=6,addr=0x6",
                "-device", "pcie-root-port,id=" + SPARE_PORT + ",chassis=7,slot=7,addr=0x7",
                "-netdev", "user,id=e1k,net=10.0.3.0/24",
                "-device", "e1000e,netdev=e1k,mac=52:54:00:12:34:02,bus=rp3",
                "-netdev", "tap,id=mq,ifname=" + TAP + ",script=no,downscript=no,queues=4",
                "-device", "virtio-net-pci,netdev=mq,mq=on,rss=on,vectors=10,mac=52:54:00:12:34:03,bus=rp4",
                "-netdev", "user,id=mgmt,net=10.0.2.0/24,hostfwd=tcp:127.0.0.1:" + sshPort + "-:22"
                        + ",hostfwd=tcp:127.0.0.1:" + edgePort + "-" + EDGE_ADDRESS + ":22",
                "-device", "virtio-net-pci,netdev=mgmt,mac=52:54:00:12:34:01,bus=rp5",
                "-drive", "file=" + overlay + ",format=qcow2,if=none,id=disk0,cache=unsafe",
                "-device", "virtio-blk-pci,drive=disk0,bus=rp6"));
        try {
            Files.writeString(workDir.resolve("qemu.cmdline"), String.join(" ", argv) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant t0 = Instant.now();
        try {
            qemu = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectOutput(qemuLog.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start qemu-system-x86_64 (is qemu-system-x86 installed?)", e);
        }
        waitForSsh(t0.plus(BOOT_TIMEOUT));
        lastBootTime = Duration.between(t0, Instant.now());
        System.err.println("[qemu-guest] booted to sshd in " + lastBootTime.toSeconds() + " s, ssh -p " + sshPort
                + " root@127.0.0.1, serial log " + serialLog);
    }

    private void createTap() {
        // A leftover tap from a crashed run would make "add" fail; it is ours by name.
        if (Files.exists(Paths.get("/sys/class/net", TAP))) {
            runLocal(List.of("ip", "link", "delete", TAP), Duration.ofSeconds(30));
        }
        checkedRun(List.of("ip", "tuntap", "add", "dev", TAP, "mode", "tap", "multi_queue"), Duration.ofSeconds(30));
        tapCreated = true;
    }

    private void waitForSsh(Instant deadline) {
        String lastProblem = "no attempt";
        while (Instant.now().isBefore(deadline)) {
            if (qemu != null && !qemu.isAlive()) {
                throw new IllegalStateException("qemu exited with " + qemu.exitValue() + ": " + tail(readQuietly(qemuLog), 20));
            }
            if (sshBannerSeen()) {
                Result r = run("cat /proc/sys/kernel/random/boot_id", Duration.ofSeconds(60));
                if (r.ok()) {
                    return;
                }
                lastProblem = "banner seen but ssh failed: " + r;
            } else {
                lastProblem = "no SSH banner on 127.0.0.1:" + sshPort;
            }
            sleep(Duration.ofSeconds(2));
        }
        throw new IllegalStateException("guest sshd not reachable within " + BOOT_TIMEOUT + " (" + lastProblem
                + "); serial log " + serialLog);
    }

    /** True if something on the forwarded port speaks SSH (slirp accepts even when the guest is down). */
    boolean sshBannerSeen() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), sshPort), 2000);
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64];
            int n = 0;
            while (n < 7) {
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("SSH-2.0");
        } catch (IOException e) {
            return false;
        }
    }

    // -------------------------------------------------------------- accessors

    public String address() {
        return "127.0.0.1";
    }

    /**
     * Port forwarded to {@link #EDGE_ADDRESS}:22. Nothing listens there unless a test builds a
     * namespace behind it (ConfirmedApplyIT: a bastion sshd in a network namespace, reached by
     * slirp through proxy ARP on mgmt0, from which {@link #INNER_ADDRESS} is the guest itself).
     */
    public int edgePort() {
        return edgePort;
    }

    public int sshPort() {
        return sshPort;
    }

    /** Private key accepted for root and {@value #USER}. */
    public Path identityFile() {
        return imageDir.resolve("id_ed25519");
    }

    /** known_hosts with the guest's build-time host key for {@code [127.0.0.1]:sshPort}. */
    public Path knownHostsFile() {
        return knownHosts;
    }

    /** The build-time ed25519 host public key line ("ssh-ed25519 AAAA... comment"). */
    public String hostPublicKey() {
        return readQuietly(imageDir.resolve("ssh_host_ed25519_key.pub")).trim();
    }

    public Path serialLog() {
        return serialLog;
    }

    public Path imageDir() {
        return imageDir;
    }

    public Path workDir() {
        return workDir;
    }

    /** How long the last (re)boot took until sshd answered. */
    public Duration lastBootTime() {
        return lastBootTime;
    }

    // --------------------------------------------------------------- commands

    /**
     * Runs a shell command as root in the guest via the OpenSSH client, over the user's shared
     * connection (see {@link #runAs}).
     */
    public Result run(String remoteCommand) {
        return run(remoteCommand, Duration.ofMinutes(2));
    }

    public Result run(String remoteCommand, Duration timeout) {
        return runAs("root", remoteCommand, timeout);
    }

    /**
     * Runs a shell command as {@code user} (root or {@value #USER}) in the guest, as a new channel
     * of one SSH connection per user (OpenSSH ControlMaster): under TCG a new login (key exchange,
     * PAM session, logind) takes 1-8 s, a channel a fraction of that. A channel shares its login's
     * PAM session: what a new login would get (limits) is read with {@link #runInNewLogin}.
     */
    public Result runAs(String user, String remoteCommand, Duration timeout) {
        List<String> argv = new ArrayList<>(sshArgv(user, remoteCommand));
        argv.addAll(1, List.of("-o", "ControlMaster=auto", "-o", "ControlPath=" + controlPath(user),
                "-o", "ControlPersist=120"));
        return timed(argv, timeout);
    }

    /** Runs a shell command in a new SSH login of {@code user}: a new PAM session, as a person logging in gets. */
    public Result runInNewLogin(String user, String remoteCommand, Duration timeout) {
        return timed(sshArgv(user, remoteCommand), timeout);
    }

    private Result timed(List<String> argv, Duration timeout) {
        long t0 = System.nanoTime();
        try {
            return runLocal(argv, timeout);
        } finally {
            STATS.command(System.nanoTime() - t0);
        }
    }

    /** Short (a socket path has at most 107 bytes) and per guest and user. */
    private Path controlPath(String user) {
        return Paths.get(System.getProperty("java.io.tmpdir"), "ntq-" + sshPort + "-" + user);
    }

    /**
     * Ends the shared connections: before a reboot (a connection to a guest that went away would
     * hang its next channel until the keep-alive gives up) and when the guest stops.
     */
    private void closeSharedConnections() {
        for (String user : List.of("root", USER)) {
            if (Files.exists(controlPath(user))) {
                List<String> argv = new ArrayList<>(sshArgv(user, "true"));
                argv.addAll(1, List.of("-o", "ControlPath=" + controlPath(user), "-O", "exit"));
                argv.remove(argv.size() - 1); // -O takes no command
                argv.remove(argv.size() - 1);
                runLocal(argv, Duration.ofSeconds(20));
            }
        }
    }

    /** Guest commands, reboots and the time they took, in this JVM (KernelHostExtension prints them per class). */
    public static final Stats STATS = new Stats();

    /** Counters of what the kernel tests spent their time on. */
    public static final class Stats {
        private long commands;
        private long commandNanos;
        private long reboots;
        private long rebootNanos;

        synchronized void command(long nanos) {
            commands++;
            commandNanos += nanos;
        }

        synchronized void reboot(long nanos) {
            reboots++;
            rebootNanos += nanos;
        }

        /** Commands, their seconds, reboots, their seconds. */
        public synchronized long[] snapshot() {
            return new long[] {commands, commandNanos, reboots, rebootNanos};
        }
    }

    /** OpenSSH client argv for {@code user@guest remoteCommand}, with strict host key checking. */
    public List<String> sshArgv(String user, String remoteCommand) {
        List<String> argv = new ArrayList<>(List.of(
                "ssh", "-F", "/dev/null",
                "-i", identityFile().toString(),
                "-o", "IdentitiesOnly=yes",
                "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "StrictHostKeyChecking=yes",
                "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=20",
                "-o", "ServerAliveInterval=15",
                "-o", "ServerAliveCountMax=4",
                "-o", "LogLevel=ERROR",
                "-p", Integer.toString(sshPort),
                user + "@" + address(),
                "--", remoteCommand));
        return argv;
    }

    /** Reboots the guest and waits until sshd answers again with a new boot id. */
    public void reboot() {
        String before = run("cat /proc/sys/kernel/random/boot_id").stdoutOrThrow().trim();
        // Detach so the ssh session returns before sshd is stopped.
        run("nohup sh -c 'sleep 1; systemctl reboot' >/dev/null 2>&1 &");
        closeSharedConnections();
        Instant t0 = Instant.now();
        Instant deadline = t0.plus(Duration.ofMinutes(2));
        while (sshBannerSeen()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("guest sshd still answering 2 min after reboot was issued");
            }
            sleep(Duration.ofMillis(500));
        }
        waitForSsh(Instant.now().plus(BOOT_TIMEOUT));
        lastBootTime = Duration.between(t0, Instant.now());
        STATS.reboot(lastBootTime.toNanos());
        String after = run("cat /proc/sys/kernel/random/boot_id").stdoutOrThrow().trim();
        if (after.equals(before)) {
            throw new IllegalStateException("boot id unchanged after reboot: " + after);
        }
        System.err.println("[qemu-guest] rebooted in " + lastBootTime.toSeconds() + " s");
    }

    Path qmpSocket() {
        return workDir.resolve("qmp.sock");
    }

    /**
     * Sends QMP commands (JSON objects, e.g. {@code {"execute":"device_add","arguments":{...}}}) to
     * QEMU after the capabilities handshake; returns each command's reply line (events skipped).
     * Every read has the deadline {@code timeout}.
     */
    public List<String> qmp(Duration timeout, String... commands) {
        Instant deadline = Instant.now().plus(timeout);
        try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
                java.net.UnixDomainSocketAddress.of(qmpSocket()))) {
            ch.configureBlocking(false);
            StringBuilder buf = new StringBuilder();
            qmpLine(ch, buf, deadline); // greeting
            List<String> replies = new ArrayList<>();
            List<String> all = new ArrayList<>(List.of("{\"execute\":\"qmp_capabilities\"}"));
            all.addAll(List.of(commands));
            for (String c : all) {
                ch.write(java.nio.ByteBuffer.wrap((c + "\n").getBytes(StandardCharsets.UTF_8)));
                String reply;
                do {
                    reply = qmpLine(ch, buf, deadline);
                } while (reply.startsWith("{\"event\""));
                replies.add(reply);
            }
            return replies.subList(1, replies.size());
        } catch (IOException e) {
            throw new UncheckedIOException("QMP on " + qmpSocket(), e);
        }
    }

    private static String qmpLine(java.nio.channels.SocketChannel ch, StringBuilder buf, Instant deadline)
            throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4096);
        while (buf.indexOf("\n") < 0) {
            if (Instant.now().isAfter(deadline) || buf.length() > 1 << 20) {
                throw new IllegalStateException("no QMP reply in time: " + buf);
            }
            b.clear();
            int n = ch.read(b);
            if (n < 0) {
                throw new IllegalStateException("QMP closed: " + buf);
            }
            if (n == 0) {
                sleep(Duration.ofMillis(50));
            }
            buf.append(new String(b.array(), 0, Math.max(n, 0), StandardCharsets.UTF_8));
        }
        int nl = buf.indexOf("\n");
        String line = buf.substring(0, nl).strip();
        buf.delete(0, nl + 1);
        return line;
    }

    /** Last lines of the serial console log. */
    public String serialTail(int lines) {
        return tail(readQuietly(serialLog), lines);
    }

    // --------------------------------------------------------------- shutdown

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeSharedConnections();
        if (qemu != null && qemu.isAlive()) {
            qemu.destroy(); // SIGTERM: qemu exits at once (the overlay is scratch)
            try {
                if (!qemu.waitFor(20, TimeUnit.SECONDS)) {
                    qemu.destroyForcibly();
                    qemu.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (tapCreated) {
            runLocal(List.of("ip", "link", "delete", TAP), Duration.ofSeconds(30));
            tapCreated = false;
        }
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            // released when the JVM exits anyway
        }
    }

    // ---------------------------------------------------------------- helpers

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkedRun(List<String> argv, Duration timeout) {
        Result r = runLocal(argv, timeout);
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + r);
        }
    }

    static Result runLocal(List<String> argv, Duration timeout) {
        try {
            Path out = Files.createTempFile("qemu-guest-", ".out");
            Path err = Files.createTempFile("qemu-guest-", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(argv)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                int rc = waitFor(pb, timeout, argv.get(0));
                return new Result(rc, Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int waitFor(ProcessBuilder pb, Duration timeout, String what) {
        try {
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                return 124;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + what, e);
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
