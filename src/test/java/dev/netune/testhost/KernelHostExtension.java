package dev.netune.testhost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
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
public final class KernelHostExtension implements BeforeAllCallback, ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KernelHostExtension.class);

    /** The shared guest, started on first call. */
    public static QemuGuest guest(ExtensionContext context) {
        return context.getRoot().getStore(NS)
                .getOrComputeIfAbsent("guest", k -> QemuGuest.shared(), QemuGuest.class);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        guest(context);
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
