package dev.netune.fact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.transport.ShellScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * read-line.sh reads one-line attributes with the shell's own {@code read} where the gather used
 * {@code $(cat FILE)}: run by the shells netune's scripts meet as {@code sh} (dash on Debian, bash on
 * Red Hat, busybox on Alpine) against files made here and against this machine's /proc and /sys (read
 * only), it prints what the readings with cat printed.
 */
class ReadLineScriptTest {
    @TempDir
    Path dir;

    private static String run(List<String> shell, String body, String... args) throws Exception {
        List<String> command = new ArrayList<>(shell);
        command.add(ShellScript.library("read-line") + body);
        command.add("sh");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the shell did not finish");
        return out;
    }

    private static List<String> shell(String name) {
        return switch (name) {
            case "busybox" -> List.of("busybox", "sh", "-c");
            case "bash" -> List.of("bash", "--posix", "-c");
            default -> List.of(name, "-c");
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "bash", "busybox"})
    void aLineIsReadAndAFileThatYieldsNothingFails(String name) throws Exception {
        Files.writeString(dir.resolve("line"), "0-3\n");
        Files.writeString(dir.resolve("no-newline"), "cubic reno");
        Files.writeString(dir.resolve("two"), "first  line\\x \nsecond\n");
        Files.writeString(dir.resolve("blank"), "\n");
        Files.writeString(dir.resolve("empty"), "");
        Files.createDirectory(dir.resolve("dir"));
        String out = run(shell(name), """
                cd "$1"
                for f in line no-newline two blank empty missing dir; do
                  if netune_read_line "$f"; then printf '%s=[%s]\\n' "$f" "$netune_line"; else printf '%s failed [%s]\\n' "$f" "$netune_line"; fi
                done
                """, dir.toString());
        assertEquals("""
                line=[0-3]
                no-newline=[cubic reno]
                two=[first  line\\x ]
                blank=[]
                empty failed []
                missing failed []
                dir failed []
                """, out, "no complaint reaches the output either");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "bash", "busybox"})
    void theHostReadingPrintsWhatCatAndIdPrinted(String name) throws Exception {
        String before = run(shell(name), """
                echo "hostname=$(cat /proc/sys/kernel/hostname 2>/dev/null)"
                echo "kernel=$(cat /proc/sys/kernel/osrelease 2>/dev/null)"
                echo "uid=$(id -u)"
                """);
        assertEquals("@@netune host\n" + before, run(shell(name), ShellScript.library("host") + "netune_host\n"));
    }

    /** Why read-line.sh is not for integer sysctls: read(2) a byte at a time, the kernel answers "6" for 64. */
    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox"})
    void anIntegerSysctlReadByteByByteIsCutShort(String name) throws Exception {
        String cat = run(shell(name), "cat /proc/sys/net/ipv4/ip_local_port_range\n").strip();
        String read = run(shell(name), "netune_read_line /proc/sys/net/ipv4/ip_local_port_range; echo \"$netune_line\"\n").strip();
        assertTrue(cat.length() > 1 && !cat.equals(read) && cat.startsWith(read), cat + " read as " + read);
    }

    /** Every /proc/sys file a library reads with netune_read_line reads whole, in every shell. */
    @ParameterizedTest
    @ValueSource(strings = {"dash", "bash", "busybox"})
    void everySysctlALibraryReadsThisWayReadsWhole(String name) throws Exception {
        List<String> files = new ArrayList<>();
        try (var libraries = Files.list(Path.of("src/main/resources/dev/netune/sh"))) {
            for (Path lib : libraries.sorted().toList()) {
                var m = java.util.regex.Pattern.compile("netune_read_line (/proc/sys/[^ ;|]+)").matcher(Files.readString(lib));
                while (m.find()) {
                    files.add(m.group(1));
                }
            }
        }
        assertTrue(files.contains("/proc/sys/kernel/hostname") && files.size() >= 3, files.toString());
        String out = run(shell(name), """
                for f in "$@"; do
                  netune_read_line "$f" || echo "failed: $f"
                  [ "$netune_line" = "$(cat "$f")" ] || echo "cut short: $f [$netune_line]"
                done
                """, files.toArray(String[]::new));
        assertEquals("", out);
    }

    /** Under {@code set -eu}, as some users' shells run, a file that cannot be read stops nothing. */
    @ParameterizedTest
    @ValueSource(strings = {"dash", "bash", "busybox"})
    void aFailedReadStopsNoScriptUnderSetE(String name) throws Exception {
        String out = run(shell(name), "set -eu\n" + ShellScript.library("host") + ShellScript.library("nic-queues")
                + "netune_host\nnetune_read_line /nonexistent || true\nnetune_nic_queues\necho end\n");
        assertTrue(out.startsWith("@@netune host\nhostname=") && out.endsWith("\nend\n"), out);
    }

    /** A user other than root: the uid comes from the shell's own status, as `id -u` sees it. */
    @Test
    void theUidIsTheEffectiveOneOfAnotherUser() throws Exception {
        List<String> nobody = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        nobody.addAll(shell("dash"));
        String out = run(nobody, ShellScript.library("host") + "netune_host\n");
        assertTrue(out.lines().anyMatch("uid=65534"::equals), out);
    }

    @Test
    void theCongestionControlsAreTheLineCatPrinted() throws Exception {
        String before = run(shell("dash"), "cat /proc/sys/net/ipv4/tcp_available_congestion_control 2>/dev/null\n");
        String now = run(shell("dash"), ShellScript.library("kernel-modules") + ShellScript.library("sysctl-host")
                + "netune_sysctl_allowed\n");
        assertEquals("@@netune sysctl-allowed cc\n" + before, now.lines().limit(2).map(l -> l + "\n").reduce("", String::concat));
    }

    /** Every queue's RPS/XPS masks and every IRQ's affinity of this machine, as the loop with cat read them. */
    @Test
    void theQueueReadingPrintsWhatTheReadingWithCatPrinted() throws Exception {
        String before = run(shell("dash"), """
                echo '@@netune nic-queues'
                for d in /sys/class/net/*/queues/rx-* /sys/class/net/*/queues/tx-*; do
                  [ -d "$d" ] || continue
                  n=${d%/queues/*}; n=${n##*/}; q=${d##*/}
                  case "$q" in
                    rx-*) printf '%s %s rps_cpus=%s rps_flow_cnt=%s\\n' "$n" "$q" "$(cat "$d/rps_cpus" 2>/dev/null || echo -)" "$(cat "$d/rps_flow_cnt" 2>/dev/null || echo -)";;
                    tx-*) printf '%s %s xps_cpus=%s\\n' "$n" "$q" "$(cat "$d/xps_cpus" 2>/dev/null || echo -)";;
                  esac
                done
                echo '@@netune irq-affinity'
                for f in /proc/irq/[0-9]*/smp_affinity_list; do
                  i=${f#/proc/irq/}; printf '%s %s\\n' "${i%%/*}" "$(cat "$f" 2>/dev/null || echo -)"
                done
                echo '@@netune cpus'
                echo "online=$(cat /sys/devices/system/cpu/online 2>/dev/null)"
                echo "possible=$(cat /sys/devices/system/cpu/possible 2>/dev/null)"
                echo "irqbalance=$(systemctl is-active irqbalance 2>/dev/null)"
                echo "rps_sock_flow_entries=$(cat /proc/sys/net/core/rps_sock_flow_entries 2>/dev/null)"
                """);
        String now = run(shell("dash"), ShellScript.library("nic-queues") + "netune_nic_queues\n");
        assertTrue(before.contains(" rps_cpus=") && before.contains("\nonline=0"), before);
        assertEquals(before, now);
    }
}
