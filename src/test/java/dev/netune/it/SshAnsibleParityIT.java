package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.ContainerNetwork;
import dev.netune.testhost.Cli;
import dev.netune.testhost.SshdContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet reached the way ssh and Ansible reach it (issue #14), on real sshd containers: a user
 * whose only key is a default key file, an Ansible directory inventory whose connection settings
 * and bastion live in group_vars, a host behind a ProxyCommand, and known_hosts entries with
 * ports. Each test runs netune with a home directory of its own (user.home), as a new user would.
 */
class SshAnsibleParityIT {
    @RegisterExtension
    static final SshdContainer BASTION = new SshdContainer();
    @RegisterExtension
    static final SshdContainer TARGET = new SshdContainer();

    @TempDir
    Path home;

    private String targetIp;

    @BeforeEach
    void setUp() throws Exception {
        targetIp = TARGET.container().getContainerInfo().getNetworkSettings().getNetworks().values().stream()
                .map(ContainerNetwork::getIpAddress).filter(ip -> ip != null && !ip.isEmpty()).findFirst()
                .orElseThrow();
        TARGET.sh("echo 4096 > /proc/sys/net/core/somaxconn");
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve("web.yaml"), "name: web\nsysctl:\n  net.core.somaxconn: 8192\n");
    }

    /** netune run as a user whose home is {@link #home}. */
    private Cli.Result run(String... args) {
        synchronized (Cli.class) {
            String old = System.getProperty("user.home");
            System.setProperty("user.home", home.toString());
            try {
                return Cli.run(args);
            } finally {
                System.setProperty("user.home", old);
            }
        }
    }

    private String targetKey() {
        String[] k = TARGET.hostPublicKey("ed25519").split("\\s+");
        return k[0] + " " + k[1];
    }

    private static long logins(SshdContainer c, String user) {
        return c.container().getLogs().lines().filter(l -> l.contains("Accepted publickey for " + user)).count();
    }

    @Test
    void aUserWithOnlyADefaultKeyFileReachesHosts() throws Exception {
        // issue #14: no agent and no identity file in the inventory gave "no key to log in"
        Files.copy(TARGET.identityFile(), home.resolve(".ssh/id_ed25519"));
        Files.writeString(home.resolve(".ssh/config"), "IdentityAgent none\n"); // the key file, not an agent
        Files.copy(TARGET.knownHostsFile(), home.resolve(".ssh/known_hosts"));
        Path ini = Files.writeString(home.resolve("hosts"), "web-1 ansible_host=127.0.0.1 ansible_port="
                + TARGET.port() + " ansible_user=root\n");
        Cli.Result facts = run("facts", "-i", ini.toString());
        assertEquals(0, facts.exit(), facts::toString);
        assertTrue(facts.out().contains("scripts run as uid 0"), facts::toString);
    }

    @Test
    void ansibleDirectoryInventoryWithGroupVarsAndABastionInSshArgs() throws Exception {
        Path inv = Files.createDirectories(home.resolve("inventory"));
        Files.writeString(inv.resolve("hosts"), "[app]\napp-1 ansible_host=" + targetIp + "\n");
        Files.createDirectories(inv.resolve("group_vars"));
        // the common layout: connection settings in group_vars, the bastion in ansible_ssh_common_args
        Files.writeString(inv.resolve("group_vars/app.yml"), """
                ansible_user: root
                ansible_ssh_private_key_file: %s
                ansible_ssh_common_args: '-o ProxyJump=tuner@127.0.0.1:%d'
                netune_profiles: [../web.yaml]
                """.formatted(TARGET.identityFile(), BASTION.port()));
        Files.writeString(home.resolve(".ssh/known_hosts"), Files.readString(BASTION.knownHostsFile())
                + targetIp + " " + targetKey() + "\n");
        long before = logins(BASTION, "tuner");
        Cli.Result plan = run("plan", "-i", inv.toString(), "--detailed-exitcode");
        assertEquals(2, plan.exit(), plan::toString);
        assertTrue(plan.out().contains("app-1 (" + targetIp + ":22)"), plan::toString);
        assertTrue(plan.out().contains("~ sysctl net.core.somaxconn: 4096 -> 8192"), plan::toString);
        assertEquals(1, logins(BASTION, "tuner") - before, "reached through the bastion as tuner (group_vars)");
    }

    @Test
    void aProxyCommandHostGoesThroughTheProxy() throws Exception {
        Files.copy(TARGET.identityFile(), home.resolve(".ssh/id_ed25519"));
        Path bastionKnown = BASTION.knownHostsFile();
        // the real ssh client as the proxy, as people write it: ssh -W through the bastion
        Files.writeString(home.resolve(".ssh/config"), """
                Host behind
                    HostName %s
                    User root
                    IdentityAgent none
                    ProxyCommand ssh -F none -i %s -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile=%s -p %d -W %%h:%%p tuner@127.0.0.1
                """.formatted(targetIp, TARGET.identityFile(), bastionKnown, BASTION.port()));
        Files.writeString(home.resolve(".ssh/known_hosts"), targetIp + " " + targetKey() + "\n");
        Path ini = Files.writeString(home.resolve("hosts"), "behind\n");
        long before = logins(BASTION, "tuner");
        Cli.Result facts = run("facts", "-i", ini.toString());
        assertEquals(0, facts.exit(), facts::toString);
        assertTrue(facts.out().contains("behind (" + targetIp + ":22)"), facts::toString);
        assertEquals(1, logins(BASTION, "tuner") - before, "the connection went through the ProxyCommand");

        // a ProxyCommand that fails is a failure of the host, never a direct connection instead
        Files.writeString(home.resolve(".ssh/config"), Files.readString(home.resolve(".ssh/config"))
                .replace("ProxyCommand ssh", "ProxyCommand false && ssh"));
        Cli.Result broken = run("facts", "-i", ini.toString());
        assertEquals(1, broken.exit(), broken::toString);
        assertTrue((broken.out() + broken.err()).contains("ProxyCommand"), broken::toString);
    }

    @Test
    void aPortsKnownHostsEntryIsItsOwnAsInOpenSsh() throws Exception {
        Files.copy(TARGET.identityFile(), home.resolve(".ssh/id_ed25519"));
        Files.writeString(home.resolve(".ssh/config"), "IdentityAgent none\n");
        Path known = home.resolve(".ssh/known_hosts");
        // port 22's entry for the address, holding another key: OpenSSH says unknown for [127.0.0.1]:port
        Files.writeString(known, "127.0.0.1 " + BASTION.hostPublicKey("ed25519").split("\\s+")[0] + " "
                + BASTION.hostPublicKey("ed25519").split("\\s+")[1] + "\n");
        Path ini = Files.writeString(home.resolve("hosts"), "web-1 ansible_host=127.0.0.1 ansible_port="
                + TARGET.port() + " ansible_user=root\n");
        Cli.Result strict = run("facts", "-i", ini.toString());
        assertEquals(1, strict.exit(), strict::toString);
        String all = strict.out() + strict.err();
        assertTrue(all.contains("is not in " + known) && all.contains("[127.0.0.1]:" + TARGET.port()), strict::toString);
        assertFalse(all.contains("CHANGED"), "not a changed key: that entry is port 22's");

        Cli.Result accept = run("facts", "-i", ini.toString(), "--accept-new-host-keys");
        assertEquals(0, accept.exit(), accept::toString);
        // hashed or not (Debian's /etc/ssh/ssh_config says HashKnownHosts yes): ssh-keygen finds it
        Process p = new ProcessBuilder("ssh-keygen", "-F", "[127.0.0.1]:" + TARGET.port(), "-f", known.toString())
                .redirectErrorStream(true).start();
        String found = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0
                && found.contains("ssh-ed25519"), "added under [host]:port: " + found);
    }

    private Path sshKeygen(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("ssh-keygen", "-q"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, cmd + ": " + out);
        return home;
    }

    /** sshd re-executes itself on SIGHUP: waits (10 s at most) until it greets again. */
    private static void awaitSshd() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", TARGET.port()), 1000);
                s.setSoTimeout(1000);
                byte[] banner = new byte[8];
                if (s.getInputStream().readNBytes(banner, 0, 8) == 8 && new String(banner).startsWith("SSH-2.0")) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            assertTrue(System.nanoTime() < deadline, "sshd did not come back after SIGHUP");
            Thread.sleep(100);
        }
    }

    @Test
    void aHostCertificateSignedByATrustedCaIsAccepted() throws Exception {
        // a CA signs the container's host key; known_hosts trusts the CA only, not the key
        sshKeygen("-t", "ed25519", "-N", "", "-f", home.resolve("ca").toString());
        sshKeygen("-t", "ed25519", "-N", "", "-f", home.resolve("other-ca").toString());
        Path hostPub = Files.writeString(home.resolve("host.pub"), TARGET.hostPublicKey("ed25519") + "\n");
        sshKeygen("-s", home.resolve("ca").toString(), "-I", "target", "-h", "-n", "127.0.0.1", hostPub.toString());
        String cert = Files.readString(home.resolve("host-cert.pub")).strip();
        TARGET.sh("printf '%s\\n' '" + cert + "' > /etc/ssh/ssh_host_ed25519_key-cert.pub"
                + " && grep -q HostCertificate /etc/ssh/sshd_config.d/netune.conf"
                + " || echo 'HostCertificate /etc/ssh/ssh_host_ed25519_key-cert.pub' >> /etc/ssh/sshd_config.d/netune.conf;"
                + " kill -HUP 1");
        awaitSshd();
        Files.copy(TARGET.identityFile(), home.resolve(".ssh/id_ed25519"));
        Path known = home.resolve(".ssh/known_hosts");
        Path ini = Files.writeString(home.resolve("hosts"), "web-1 ansible_host=127.0.0.1 ansible_port="
                + TARGET.port() + " ansible_user=root\n");
        Files.writeString(home.resolve(".ssh/config"), "IdentityAgent none\n");

        try {
            Files.writeString(known, "@cert-authority * " + Files.readString(home.resolve("ca.pub")));
            Cli.Result trusted = run("facts", "-i", ini.toString());
            assertEquals(0, trusted.exit(), trusted::toString);

            Files.writeString(known, "@cert-authority * " + Files.readString(home.resolve("other-ca.pub")));
            Cli.Result untrusted = run("facts", "-i", ini.toString());
            assertEquals(1, untrusted.exit(), untrusted::toString);
            assertTrue((untrusted.out() + untrusted.err()).contains("host key of web-1"), untrusted::toString);
        } finally {
            // the other tests expect the plain host key
            TARGET.sh("sed -i '/HostCertificate/d' /etc/ssh/sshd_config.d/netune.conf; kill -HUP 1");
            awaitSshd();
        }
    }
}
