package dev.netune.it;

import dev.netune.fact.Gather;
import dev.netune.kinds.Planner;
import dev.netune.testhost.KernelHostExtension;
import dev.netune.testhost.QemuGuest;
import dev.netune.transport.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("kernel")
@ExtendWith(KernelHostExtension.class)
class F16CaptureIT {
    @Test
    void capture(QemuGuest guest) throws Exception {
        Path d = Path.of("/tmp/f16cap");
        Gather g = new Gather();
        Planner.defaultFacts().forEach(g::add);
        Files.writeString(d.resolve("facts.script"), g.script());
        Files.writeString(d.resolve("facts.out"), guest.run("sh -c " + Shell.quote(g.script())).stdout());
        for (String f : new String[] {"/proc/net/snmp", "/proc/net/netstat", "/proc/net/softnet_stat", "/proc/softirqs",
                "/proc/interrupts", "/proc/version"}) {
            Files.writeString(d.resolve("guest" + f.replace('/', '-') + ".txt"), guest.run("cat " + f + " 2>&1").stdout());
        }
        Files.writeString(d.resolve("guest-conntrack-before.txt"), guest.run(
                "ls /proc/net/stat/ 2>&1; cat /proc/sys/net/netfilter/nf_conntrack_count 2>&1; lsmod | grep conntrack").stdout());
        Files.writeString(d.resolve("guest-conntrack.txt"), guest.run(
                "modprobe nf_conntrack 2>&1; cat /proc/net/stat/nf_conntrack; echo ---; cat /proc/sys/net/netfilter/nf_conntrack_count /proc/sys/net/netfilter/nf_conntrack_max; modprobe -r nf_conntrack 2>&1").stdout());
    }
}
