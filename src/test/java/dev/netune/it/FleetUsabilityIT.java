package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.ContainerNetwork;
import dev.netune.testhost.Cli;
import dev.netune.testhost.SshdContainer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * How fleets are really reached and reported: through a bastion configured in an ssh config
 * (ProxyJump), from an Ansible inventory, and as JUnit XML for CI.
 *
 * <p>The target is reached by its container IP on the docker bridge, which only the bastion
 * container connects to for us: netune's SSH to the target runs inside a direct-tcpip channel of
 * its session to the bastion. Only per-network-namespace net.* sysctls are read or planned.
 */
class FleetUsabilityIT {
    @RegisterExtension
    static final SshdContainer BASTION = new SshdContainer();
    @RegisterExtension
    static final SshdContainer TARGET = new SshdContainer();

    @TempDir
    Path dir;

    private String targetIp;
    private String bastionKnown;
    private String targetKnown;

    @BeforeEach
    void setUp() throws Exception {
        targetIp = TARGET.container().getContainerInfo().getNetworkSettings().getNetworks().values().stream()
                .map(ContainerNetwork::getIpAddress).filter(ip -> ip != null && !ip.isEmpty()).findFirst()
                .orElseThrow();
        bastionKnown = Files.readString(BASTION.knownHostsFile());
        String[] key = TARGET.hostPublicKey("ed25519").split("\\s+");
        targetKnown = targetIp + " " + key[0] + " " + key[1] + "\n"; // port 22: the plain address
        TARGET.sh("echo 4096 > /proc/sys/net/core/somaxconn");
        Files.writeString(dir.resolve("web.yaml"), """
                name: web
                sysctl:
                  net.core.somaxconn: 8192
                """);
    }

    /** An ssh config as people write it: the target by alias, reached through the bastion. */
    private Path sshConfig() throws Exception {
        Path config = dir.resolve("ssh_config");
        Files.writeString(config, """
                Host bastion
                    HostName 127.0.0.1
                    Port %d
                    User tuner
                    IdentityFile %s

                Host app-*
                    HostName %s
                    ProxyJump bastion

                Host *
                    User root
                    IdentityFile %s
                """.formatted(BASTION.port(), BASTION.identityFile(), targetIp, TARGET.identityFile()));
        return config;
    }

    private Path inventory(String knownHosts) throws Exception {
        Path known = dir.resolve("known_hosts");
        Files.writeString(known, knownHosts);
        Path inv = dir.resolve("inventory.yaml");
        Files.writeString(inv, """
                defaults:
                  sshConfig: %s
                  knownHosts: %s
                groups:
                  app:
                    profiles: [web.yaml]
                    hosts:
                      app-1:
                """.formatted(sshConfig(), known));
        return inv;
    }

    @Test
    void factsThroughProxyJumpFromSshConfig() throws Exception {
        Cli.Result facts = Cli.run("facts", "-i", inventory(bastionKnown + targetKnown).toString());
        assertEquals(0, facts.exit(), facts::toString);
        String targetHostname = TARGET.exec("cat", "/proc/sys/kernel/hostname").strip();
        assertTrue(facts.out().contains("app-1 (" + targetIp + ":22)"), facts::toString);
        assertTrue(facts.out().contains("hostname " + targetHostname + ","), "facts come from the target: " + facts);
        assertTrue(facts.out().contains("scripts run as uid 0"), facts::toString);

        Cli.Result drift = Cli.run("drift", "-i", dir.resolve("inventory.yaml").toString(), "--format", "junit");
        assertEquals(2, drift.exit(), drift::toString);
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(drift.out().getBytes(StandardCharsets.UTF_8)));
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertEquals("app-1", suite.getAttribute("name"));
        assertTrue(Integer.parseInt(suite.getAttribute("failures")) >= 1, drift::toString);
        assertTrue(drift.out().contains("message=\"4096 -&gt; 8192\""), drift::toString);
    }

    @Test
    void hostsBehindOneBastionShareOneConnectionToIt() throws Exception {
        Path inv = inventory(bastionKnown + targetKnown);
        // app-2 is the same container under a second name: two hosts, two target sessions
        Files.writeString(inv, Files.readString(inv) + "      app-2:\n");
        long before = logins(BASTION);
        Cli.Result facts = Cli.run("facts", "-i", inv.toString());
        assertEquals(0, facts.exit(), facts::toString);
        assertTrue(facts.out().contains("app-1 (" + targetIp + ":22)") && facts.out().contains("app-2 (" + targetIp
                + ":22)"), facts::toString);
        assertEquals(1, logins(BASTION) - before, "one login on the bastion for both hosts");
    }

    private static long logins(SshdContainer c) {
        return c.container().getLogs().lines().filter(l -> l.contains("Accepted publickey for tuner")).count();
    }

    @Test
    void unknownBastionHostKeyIsRefused() throws Exception {
        Cli.Result facts = Cli.run("facts", "-i", inventory(targetKnown).toString());
        assertEquals(1, facts.exit(), facts::toString);
        String all = facts.out() + facts.err();
        assertTrue(all.contains("through jump host bastion: host key of bastion (127.0.0.1:" + BASTION.port()
                + ") is not in"), facts::toString);
        assertFalse(all.contains("hostname "), "nothing was read: " + facts);
    }

    @Test
    void unknownTargetHostKeyBehindTheBastionIsRefused() throws Exception {
        Cli.Result facts = Cli.run("facts", "-i", inventory(bastionKnown).toString());
        assertEquals(1, facts.exit(), facts::toString);
        assertTrue((facts.out() + facts.err()).contains("host key of app-1 (" + targetIp + ":22) is not in"),
                facts::toString);
    }

    @Test
    void ansibleIniInventoryDrivesPlan() throws Exception {
        Path known = dir.resolve("known_hosts");
        Files.writeString(known, Files.readString(TARGET.knownHostsFile()));
        Path ini = dir.resolve("hosts");
        Files.writeString(ini, """
                # the inventory the playbooks use
                [web]
                web-1 ansible_host=127.0.0.1 ansible_port=%d ansible_user=tuner ansible_become=true

                [db]
                db-1 ansible_host=192.0.2.1

                [web:vars]
                netune_profiles=web.yaml

                [prod:children]
                web

                [all:vars]
                ansible_ssh_private_key_file=%s
                netune_known_hosts=known_hosts
                """.formatted(TARGET.port(), TARGET.identityFile()));
        Cli.Result plan = Cli.run("plan", "-i", ini.toString(), "--limit", "prod", "--detailed-exitcode");
        assertEquals(2, plan.exit(), plan::toString);
        assertTrue(plan.out().contains("web-1 (127.0.0.1:" + TARGET.port() + "): 2 to change"), plan::toString);
        assertTrue(plan.out().contains("~ sysctl net.core.somaxconn: 4096 -> 8192"), plan::toString);
        assertFalse(plan.out().contains("db-1"), "--limit prod selects the hosts of its child group web only");
        assertEquals("4096", TARGET.exec("cat", "/proc/sys/net/core/somaxconn").strip(), "plan changes nothing");
    }
}
