package dev.netune.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@link Main#run} with System.out and System.err captured. */
record CliRun(int exit, String out, String err) {

    static CliRun run(String... args) {
        return capture(() -> Main.run(args));
    }

    /** {@link Main}'s path for {@code validate FILE...} without picocli, as {@code main} takes it. */
    static CliRun plainValidate(String... args) {
        assert Main.isPlainValidate(args);
        return capture(() -> Main.plainValidate(args));
    }

    private static synchronized CliRun capture(java.util.function.IntSupplier command) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int exit = command.getAsInt();
            o.flush();
            e.flush();
            return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * Runs the real command line in a new JVM as a real non-root user: as {@code nobody} through
     * runuser when this test runs as root (CI does), else as the current user. The classpath is
     * copied to a world-readable directory first (root's ~/.m2 is not readable by nobody).
     */
    static CliRun asNonRoot(java.nio.file.Path scratch, String... args) throws Exception {
        java.util.List<String> cp = new java.util.ArrayList<>();
        java.nio.file.Path lib = scratch.resolve("cp");
        boolean copied = java.nio.file.Files.isDirectory(lib);
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            java.nio.file.Path from = java.nio.file.Path.of(entry);
            if (!java.nio.file.Files.exists(from)) {
                continue;
            }
            java.nio.file.Path to = lib.resolve(i++ + "-" + from.getFileName());
            cp.add(to.toString());
            if (copied) {
                continue;
            }
            try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.walk(from)) {
                for (java.nio.file.Path f : all.toList()) {
                    java.nio.file.Path t = to.resolve(from.relativize(f).toString());
                    if (java.nio.file.Files.isDirectory(f)) {
                        java.nio.file.Files.createDirectories(t);
                    } else if (to.equals(t)) { // a jar
                        java.nio.file.Files.createDirectories(lib);
                        java.nio.file.Files.copy(f, t);
                    } else {
                        java.nio.file.Files.copy(f, t);
                    }
                }
            }
        }
        readableByAll(scratch);
        java.util.List<String> argv = new java.util.ArrayList<>();
        boolean root = "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).strip());
        if (root) {
            argv.addAll(java.util.List.of("runuser", "-u", "nobody", "--"));
        }
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        argv.addAll(java.util.List.of("-cp", String.join(java.io.File.pathSeparator, cp), Main.class.getName()));
        argv.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(argv).directory(scratch.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).start();
        java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("netune " + String.join(" ", args) + " as a non-root user did not finish in 60 s");
        }
        return new CliRun(p.exitValue(), out, new String(err.get(), StandardCharsets.UTF_8));
    }

    private static void readableByAll(java.nio.file.Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path f : all.toList()) {
                java.nio.file.Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString(
                        java.nio.file.Files.isDirectory(f) ? "rwxrwxrwx" : "rw-r--r--"));
            }
        }
        // nobody must be able to reach the scratch directory from /
        for (java.nio.file.Path up = dir.getParent(); up != null && !up.equals(up.getRoot()); up = up.getParent()) {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = java.nio.file.Files.getPosixFilePermissions(up);
            perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
            java.nio.file.Files.setPosixFilePermissions(up, perms);
        }
    }
}
