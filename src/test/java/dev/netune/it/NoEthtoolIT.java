package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.testhost.Cli;
import dev.netune.testhost.SshdContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host without ethtool (the container's ethtool moved aside with docker exec): facts call the
 * NIC facts unknown rather than unsupported, a profile whose NIC rule matches no NIC plans and
 * applies its other settings, and one whose rule matches gets one error naming the package and
 * changes nothing at all on that host.
 */
class NoEthtoolIT {
    @RegisterExtension
    static final SshdContainer HOST = new SshdContainer();

    @TempDir
    static Path dir;

    @BeforeAll
    static void hideEthtool() throws Exception {
        HOST.sh("mv \"$(command -v ethtool)\" /root/ethtool.hidden");
        assertTrue(HOST.sh("command -v ethtool || echo none").strip().endsWith("none"));
        // eth0 is a veth: virtual, so only a rule that names it exactly selects it
        profile("matches-nothing.yaml", 8000, """
                  - match: {driver: ixgbe}
                    ring: {rx: 4096}
                  - match: {name: "ens*"}
                    channels: {combined: max}
                """);
        profile("matches-eth0.yaml", 8100, """
                  - match: {name: eth0}
                    ring: {rx: 512}
                    offload: {gro: on}
                """);
    }

    private static void profile(String name, int somaxconn, String nicRules) throws Exception {
        Files.writeString(dir.resolve(name), "sysctl:\n  net.core.somaxconn: " + somaxconn + "\nnics:\n" + nicRules);
    }

    private static Path inventory(String profile) throws Exception {
        Path inv = dir.resolve("inv-" + profile);
        Files.writeString(inv, """
                defaults:
                  user: root
                  identityFile: %s
                  knownHosts: %s
                hosts:
                  bare: {address: 127.0.0.1, port: %d, profiles: [%s]}
                """.formatted(HOST.identityFile(), HOST.knownHostsFile(), HOST.port(), profile));
        return inv;
    }

    private static String somaxconn() {
        return HOST.exec("cat", "/proc/sys/net/core/somaxconn").strip();
    }

    @Test
    void factsSayUnknownBecauseEthtoolIsMissing() throws Exception {
        Cli.Result facts = Cli.run("facts", "-i", inventory("matches-nothing.yaml").toString());
        assertEquals(0, facts.exit(), facts::toString);
        assertTrue(facts.out().contains("  ring: unknown (ethtool missing)\n"), facts::toString);
        assertTrue(facts.out().contains("  offload: unknown (ethtool missing)\n"), facts::toString);
        assertTrue(!facts.out().contains("unsupported (ethtool"), facts::toString);
        // sysfs still answers without ethtool
        assertTrue(facts.out().contains("eth0: link "), facts::toString);
    }

    @Test
    void aRuleThatMatchesNoNicNeedsNoEthtool() throws Exception {
        String before = somaxconn();
        Cli.Result plan = Cli.run("plan", "-i", inventory("matches-nothing.yaml").toString());
        assertEquals(0, plan.exit(), plan::toString);
        assertTrue(plan.out().contains("~ sysctl net.core.somaxconn: " + before + " -> 8000"), plan::toString);
        assertTrue(!plan.out().contains("ethtool"), plan::toString);
        Cli.Result apply = Cli.run("apply", "-i", inventory("matches-nothing.yaml").toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);
        assertEquals("8000", somaxconn());
    }

    @Test
    void aMatchingRuleIsOneErrorNamingThePackageAndTheHostIsNotChanged() throws Exception {
        String before = somaxconn();
        Cli.Result plan = Cli.run("plan", "-i", inventory("matches-eth0.yaml").toString());
        assertEquals(1, plan.exit(), plan::toString);
        String error = "ethtool is not installed on this host: install the ethtool package to change channels, rings,"
                + " coalescing or offloads of eth0 (nothing on this host is changed until then)";
        assertTrue(plan.out().contains(error), plan::toString);
        assertEquals(1, plan.out().split("ethtool is not installed", -1).length - 1, plan::toString);
        Cli.Result apply = Cli.run("apply", "-i", inventory("matches-eth0.yaml").toString(), "--yes");
        assertEquals(1, apply.exit(), apply::toString);
        assertEquals(before, somaxconn(), "the sysctl of the same host must not change either");
    }
}
