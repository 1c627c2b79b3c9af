package dev.netune.setting.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.transport.ShellScript;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The host readings of sysctl-host.sh run by dash against this machine's /proc (read only): a
 * directory is listed only when a wanted key is missing from it, and the one awk over the four
 * socket tables prints what one awk per table printed, each port once.
 */
class SysctlHostScriptTest {
    private static String sh(String body) throws Exception {
        Process p = new ProcessBuilder("dash", "-c", ShellScript.library("sysctl-host") + body).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void aDirectoryIsListedOnlyWhenAWantedKeyIsMissingThere() throws Exception {
        assertEquals("", sh("netune_sysctl_keys 'net/core' 'somaxconn' 'netdev_max_backlog'\n"));
        String listed = sh("netune_sysctl_keys 'net/core' 'somaxconn' 'somaxconnn'\n");
        assertTrue(listed.startsWith("@@netune sysctl-keys net/core\n"), listed);
        assertTrue(listed.lines().anyMatch("somaxconn"::equals), listed);
    }

    @Test
    void listeningPortsAreTheOnesOneAwkPerTablePrinted() throws Exception {
        String now = sh("netune_sysctl_listening\n");
        // the reading as it was: one awk per table, sort -u
        String before = sh("""
                for p in tcp tcp6 udp udp6; do
                  if [ -r "/proc/net/$p" ]; then
                    awk -v p="$p" 'NR > 1 && (($4 == "0A" && p ~ /^tcp/) || ($4 == "07" && p ~ /^udp/ && $3 ~ /^0+:0000$/)) { n = split($2, a, ":"); print p, a[n] }' "/proc/net/$p"
                  fi
                done | sort -u
                """);
        List<String> lines = now.lines().skip(1).toList();
        assertEquals("@@netune sysctl-listening", now.lines().findFirst().orElseThrow());
        assertEquals(new TreeSet<>(before.lines().toList()), new TreeSet<>(lines));
        assertEquals(lines.size(), new TreeSet<>(lines).size(), "each port once: " + lines);
        assertTrue(lines.stream().allMatch(l -> l.matches("(tcp|tcp6|udp|udp6) [0-9A-F]{4}")), now);
    }
}
