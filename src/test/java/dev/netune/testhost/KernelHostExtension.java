package dev.netune.testhost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * JUnit 5 extension giving tests the JVM-wide {@link QemuGuest}.
 *
 * <pre>
 * &#64;Tag("kernel")
 * &#64;ExtendWith(KernelHostExtension.class)
 * class MyKernelIT {
 *     &#64;Test void t(QemuGuest guest) { guest.run("ethtool -i eth0"); }
 * }
 * </pre>
 *
 * The guest is booted once per test run (shared across classes), registered in the root
 * store so JUnit stops it when the run ends (a shutdown hook does too). When a test fails,
 * the serial console log path is printed and a copy is kept next to it, named after the test.
 */
public final class KernelHostExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KernelHostExtension.class);

    /** The shared guest, started on first call. */
    public static QemuGuest guest(ExtensionContext context) {
        return context.getRoot().getStore(NS)
                .getOrComputeIfAbsent("guest", k -> QemuGuest.shared(), QemuGuest.class);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        guest(context);
        // counted from here: the first class's time includes the boot, which the guest log line names
        context.getStore(NS).put("start", new long[] {System.nanoTime()});
        context.getStore(NS).put("stats", QemuGuest.STATS.snapshot());
    }

    /** One line per class: where its time went (guest commands, reboots), for the CI time budget. */
    @Override
    public void afterAll(ExtensionContext context) {
        long[] start = context.getStore(NS).get("start", long[].class);
        long[] before = context.getStore(NS).get("stats", long[].class);
        if (start == null || before == null) {
            return;
        }
        long[] now = QemuGuest.STATS.snapshot();
        System.err.printf("[qemu-guest] %s: %d s; %d guest command(s) %d s, %d reboot(s) %d s%n",
                context.getRequiredTestClass().getSimpleName(), (System.nanoTime() - start[0]) / 1_000_000_000L,
                now[0] - before[0], (now[1] - before[1]) / 1_000_000_000L, now[2] - before[2],
                (now[3] - before[3]) / 1_000_000_000L);
    }

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        return pc.getParameter().getType() == QemuGuest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        return guest(ec);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        QemuGuest guest = QemuGuest.sharedIfStarted();
        Path log = guest != null ? guest.serialLog() : QemuGuest.projectDir().resolve("target/qemu-guest/serial.log");
        String name = context.getRequiredTestClass().getSimpleName() + "."
                + context.getTestMethod().map(m -> m.getName()).orElse("class");
        System.err.println("[qemu-guest] " + name + " failed; guest serial console log: " + log);
        if (Files.exists(log)) {
            try {
                Path copy = log.resolveSibling("serial-" + name + ".log");
                Files.copy(log, copy, StandardCopyOption.REPLACE_EXISTING);
                System.err.println("[qemu-guest] serial log copied to " + copy);
            } catch (IOException e) {
                System.err.println("[qemu-guest] could not copy serial log: " + e);
            }
        }
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        // nothing
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        // nothing
    }
}
