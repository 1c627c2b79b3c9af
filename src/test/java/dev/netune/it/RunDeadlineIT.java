package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.testhost.Cli;
import dev.netune.testhost.SshdContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code --deadline}: a host that hangs is reported as failed at the deadline, and the report still printed. */
class RunDeadlineIT {
    @RegisterExtension
    static final SshdContainer HOST = new SshdContainer();

    @TempDir
    Path dir;

    @Test
    void aHangingHostIsFailedAtTheDeadlineAndTheOthersAreReported() throws Exception {
        Files.writeString(dir.resolve("nic.yaml"), "nics:\n  - match: {name: eth0}\n    offload: {gro: on}\n");
        Files.writeString(dir.resolve("sysctl.yaml"), "sysctl:\n  net.core.somaxconn: 4096\n");
        // one container, two inventory hosts: only the NIC profile runs ethtool, which hangs there
        Path inv = Files.writeString(dir.resolve("inventory.yaml"), """
                defaults: {user: root, identityFile: %s, knownHosts: %s}
                hosts:
                  hangs: {address: 127.0.0.1, port: %d, profiles: [nic.yaml]}
                  fine: {address: 127.0.0.1, port: %d, profiles: [sysctl.yaml]}
                """.formatted(HOST.identityFile(), HOST.knownHostsFile(), HOST.port(), HOST.port()));
        HOST.sh("mv /usr/sbin/ethtool /usr/sbin/ethtool.real && printf '#!/bin/sh\\nsleep 300\\n' > /usr/sbin/ethtool"
                + " && chmod 755 /usr/sbin/ethtool");
        try {
            long t0 = System.nanoTime();
            Cli.Result plan = Cli.run("plan", "-i", inv.toString(), "--deadline", "5s", "--timeout", "120");
            long took = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(1, plan.exit(), plan::toString);
            assertTrue(took < 30_000, "ended at the deadline, not at the 120 s script timeout: " + took + " ms");
            assertTrue(plan.out().contains("hangs (127.0.0.1:" + HOST.port() + "): FAILED - run deadline passed"),
                    plan::toString);
            assertTrue(plan.out().contains("fine (127.0.0.1:" + HOST.port() + ")"), plan::toString);
            assertTrue(plan.out().contains("1 failed"), plan::toString);
        } finally {
            HOST.sh("pkill -f '[s]leep 300' || true; mv /usr/sbin/ethtool.real /usr/sbin/ethtool");
        }
    }
}
