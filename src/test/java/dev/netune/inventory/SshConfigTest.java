package dev.netune.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.profile.Problem;
import dev.netune.profile.Problems;
import dev.netune.profile.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigTest {
    private static final Path HOME = Path.of(System.getProperty("user.home"));
    private static final String ME = System.getProperty("user.name");

    @TempDir
    Path dir;

    private static final String CONFIG = """
            # as people write it
            Host bastion
                HostName 203.0.113.5
                User jump
                Port 2022
                IdentityFile ~/.ssh/bastion_key

            host web-* !web-9
              hostname = %h.prod.example.com
              ProxyJump=bastion
              IdentityFile "~/.ssh/fleet key"

            Host web-1
              Port 2201   # too late: web-* came first, but Port was not set there
              User   root
              HostName ignored.example.com

            Match host db-*,cache-*
              User dba
              ProxyJump none

            Host *
              User ops
              UserKnownHostsFile ~/.ssh/fleet_known_hosts
            """;

    private SshConfig parse(String text, Problems problems) throws Exception {
        Path f = dir.resolve("config");
        Files.writeString(f, text);
        return SshConfig.parse(f, problems);
    }

    @Test
    void firstValueWinsOverMatchingBlocks() throws Exception {
        Problems problems = new Problems();
        SshConfig c = parse(CONFIG, problems);
        SshResolved web1 = c.resolve("web-1");
        assertEquals("web-1.prod.example.com", web1.hostName(), "%h is the alias; the first HostName wins");
        assertEquals(2201, web1.port());
        assertEquals("root", web1.user());
        assertEquals(List.of(HOME + "/.ssh/fleet key"), web1.identityFiles());
        assertEquals("bastion", web1.proxyJump());
        assertEquals(List.of(HOME + "/.ssh/fleet_known_hosts"), web1.userKnownHostsFiles());
        assertEquals(dir.resolve("config") + ":10", web1.where("proxyjump"));

        SshResolved web9 = c.resolve("web-9");
        assertEquals("web-9", web9.hostName(), "negated pattern");
        assertEquals("ops", web9.user());
        assertTrue(web9.defaultIdentities());
        assertEquals(SshConfig.DEFAULT_IDENTITIES.stream().map(f -> HOME + f.substring(1)).toList(),
                web9.identityFiles(), "OpenSSH's default keys, in its order");

        SshResolved db = c.resolve("DB-1");
        assertEquals("dba", db.user(), "Match host compares lower-cased");
        assertNull(db.proxyJump(), "ProxyJump none");
        assertEquals("db-1", db.hostName(), "ssh lower-cases the host name");

        SshResolved upper = c.resolve("WEB-1");
        assertEquals("ops", upper.user(), "Host patterns are case-sensitive, as in ssh");
        assertTrue(problems.isEmpty(), problems.list().toString());
    }

    @Test
    void matchExecIsRefusedOnlyWhereItWouldBeEvaluated() throws Exception {
        Problems problems = new Problems();
        SshConfig c = parse("Match host db-* exec \"test -f /tmp/x\"\n  User nobody\n", problems);
        assertEquals(ME, c.resolve("web-1").user());
        assertTrue(problems.isEmpty(), "host db-* failed first: exec is never run");
        c.resolve("db-1");
        assertEquals(List.of(dir.resolve("config") + ":1:1: 'Match exec' cannot be evaluated by netune;"
                + " it decides how this host is reached"), problems.list().stream().map(Problem::format).toList());
    }

    @Test
    void theSystemFileComesAfterTheUsersAndStartsMatchingAgain() throws Exception {
        Path user = Files.writeString(dir.resolve("user_config"), "Host web-1\n  User fromuser\nHost db-*\n");
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("extra.conf"), "Host *\n  ConnectTimeout 9\n");
        Path system = Files.writeString(etc.resolve("ssh_config"),
                "Include extra.conf\nUser fromsystem\nPort 2200\nHashKnownHosts yes\n");
        Problems problems = new Problems();
        SshConfig c = SshConfig.parse(user, system, problems);
        SshResolved web1 = c.resolve("web-1");
        assertEquals("fromuser", web1.user(), "the user's file first");
        assertEquals(2200, web1.port(), "the system file's global part applies: each file starts matching");
        assertTrue(web1.hashKnownHosts());
        assertEquals(9, web1.connectTimeout(), "a relative Include of the system file is relative to its directory");
        assertEquals("fromsystem", c.resolve("web-2").user());
        assertTrue(problems.isEmpty(), problems.list().toString());
    }

    @Test
    void anUnknownTokenIsAnErrorThatQuotesNothing() throws Exception {
        Problems problems = new Problems();
        SshConfig c = parse("Host web-1\n  IdentityFile ~/.ssh/%Z_FAKESECRET\n", problems);
        c.resolve("web-1");
        assertEquals(1, problems.list().size(), problems.list().toString());
        String p = problems.list().get(0).format();
        assertTrue(p.startsWith(dir.resolve("config") + ":2:1: a % token netune does not know"), p);
        assertFalse(p.contains("FAKESECRET") || p.contains("%Z"), p);
    }

    @Test
    void includeAndBadPortWithLine() throws Exception {
        Path d = dir.resolve("conf.d");
        Files.createDirectories(d);
        Files.writeString(d.resolve("10-web.conf"), "Host web-*\n  Port nope\n  User www\n");
        Problems problems = new Problems();
        SshConfig c = parse("Include " + d + "/*.conf\nHost *\n  User ops\n", problems);
        SshResolved r = c.resolve("web-1");
        assertEquals("www", r.user());
        assertEquals(22, r.port());
        assertEquals(List.of(d.resolve("10-web.conf") + ":2:1: Port must be a number 1..65535"),
                problems.list().stream().map(Problem::format).toList());
    }

    @Test
    void splitsLikeOpenSsh() {
        assertEquals(List.of("HostName", "x"), SshConfigLines.split("HostName = x"));
        assertEquals(List.of("HostName", "x"), SshConfigLines.split("HostName=x"));
        assertEquals(List.of("IdentityFile", "a b", "c"), SshConfigLines.split("IdentityFile \"a b\" c # comment"));
        assertThrows(IllegalArgumentException.class, () -> SshConfigLines.split("User \"x"));
    }

    // ---- resolution with inventories ----

    private Inventory load(String inventory) throws Exception {
        Path config = dir.resolve("ssh_config");
        Files.writeString(config, CONFIG);
        Path inv = dir.resolve("inventory.yaml");
        Files.writeString(inv, inventory);
        return new InventoryLoader(config).load(inv);
    }

    @Test
    void sshConfigFillsWhatTheInventoryLeavesOpen() throws Exception {
        Inventory inv = load("""
                hosts:
                  web-1:
                  web-2: {port: 2222, user: tuner, identityFile: keys/web2}
                  db-1: {address: 10.0.1.1}
                  bastion:
                """);
        Host web1 = inv.hosts().get(0);
        assertEquals("web-1.prod.example.com", web1.address());
        assertEquals(2201, web1.port());
        assertEquals("root", web1.user());
        assertEquals(HOME.resolve(".ssh/fleet key"), web1.identityFile());
        assertEquals(HOME.resolve(".ssh/fleet_known_hosts"), web1.knownHosts());
        assertEquals(List.of(new JumpHost("bastion", "203.0.113.5", 2022, "jump", HOME.resolve(".ssh/bastion_key"))),
                web1.jumps());

        Host web2 = inv.hosts().get(1);
        assertEquals("web-2.prod.example.com", web2.address());
        assertEquals(2222, web2.port(), "inventory values win over ssh config");
        assertEquals("tuner", web2.user());
        assertEquals(dir.resolve("keys/web2"), web2.identityFile());

        Host db1 = inv.hosts().get(2);
        assertEquals("10.0.1.1", db1.address(), "an inventory address is what ssh config is asked about");
        assertEquals("ops", db1.user());
        assertEquals(22, db1.port());
        assertEquals(List.of(), db1.jumps());

        Host bastion = inv.hosts().get(3);
        assertEquals("203.0.113.5", bastion.address());
        assertEquals(2022, bastion.port());
    }

    @Test
    void inventoryDefaultsWinAndProxyJumpChains() throws Exception {
        Inventory inv = load("""
                defaults:
                  user: root
                  knownHosts: kh
                hosts:
                  web-1: {proxyJump: "admin@gw.example.com:2200,bastion"}
                  web-3: {proxyJump: none}
                """);
        Host web1 = inv.hosts().get(0);
        assertEquals("root", web1.user());
        assertEquals(dir.resolve("kh"), web1.knownHosts());
        assertEquals(List.of(
                new JumpHost("gw.example.com", "gw.example.com", 2200, "admin", HOME.resolve(".ssh/fleet key")),
                new JumpHost("bastion", "203.0.113.5", 2022, "jump", HOME.resolve(".ssh/bastion_key"))), web1.jumps());
        assertEquals(List.of(), inv.hosts().get(1).jumps());
    }

    @Test
    void sshConfigFromInventoryDefaultsAndItsProblems() throws Exception {
        Path config = dir.resolve("my_ssh_config");
        Files.writeString(config, "Host web-1\n  HostName 10.9.9.9\n  ProxyJump a@b@c\n");
        Path inv = dir.resolve("inventory.yaml");
        Files.writeString(inv, """
                defaults:
                  sshConfig: my_ssh_config
                hosts:
                  web-1:
                """);
        ValidationException e = assertThrows(ValidationException.class, () -> new InventoryLoader(null).load(inv));
        assertEquals(List.of(config + ":3:1: ProxyJump is not [user@]host[:port]"),
                e.problems().stream().map(Problem::format).toList());

        Files.writeString(inv, """
                defaults:
                  sshConfig: missing_config
                hosts:
                  web-1:
                """);
        ValidationException missing = assertThrows(ValidationException.class, () -> new InventoryLoader(null).load(inv));
        assertEquals(inv + ":4:9: hosts.web-1: ssh config file " + dir.resolve("missing_config") + " does not exist",
                missing.problems().get(0).format());

        Files.writeString(config, "Host web-1\n  HostName 10.9.9.9\n");
        Files.writeString(inv, """
                defaults:
                  sshConfig: my_ssh_config
                hosts:
                  web-1:
                """);
        assertEquals("10.9.9.9", new InventoryLoader(null).load(inv).hosts().get(0).address());
        assertEquals(ME, new InventoryLoader(null).load(inv).hosts().get(0).user());
    }

    @Test
    void aFileThatIsNoSshConfigIsNeverEchoed() throws Exception {
        // issue #19: sshConfig: may name any file (a credentials file, /etc/shadow when run as root)
        Path secrets = dir.resolve("credentials");
        Files.writeString(secrets, """
                [default]
                aws_secret_access_key = FAKESECRET1
                root:$6$FAKESECRET2:19000:0:99999:7:::
                "FAKESECRET3
                Port FAKESECRET4
                Match exec FAKESECRET5
                Match FAKESECRET6 x
                Host web-1
                  HostName FAKESECRET7!
                  User FAKESECRET8
                Host web-2
                  ProxyJump FAKE@SECRET@9
                Host web-3
                  ProxyJump ok@FAKESECRET10!
                Host web-4
                  User FAKESECRET11
                  HostName "FAKESECRET12
                """);
        Path inv = dir.resolve("inventory.yaml");
        Files.writeString(inv, """
                defaults:
                  sshConfig: credentials
                hosts:
                  web-1:
                  web-2:
                  web-3:
                  web-4:
                """);
        ValidationException e = assertThrows(ValidationException.class, () -> new InventoryLoader(null).load(inv));
        List<String> problems = e.problems().stream().map(Problem::format).toList();
        assertEquals(List.of(
                secrets + ":5:1: Port must be a number 1..65535",
                secrets + ":6:1: 'Match exec' cannot be evaluated by netune; it decides how this host is reached",
                secrets + ":7:1: 'Match ?' cannot be evaluated by netune; it decides how this host is reached",
                secrets + ":9:1: HostName is not a host name or IP address",
                secrets + ":12:1: ProxyJump is not [user@]host[:port]",
                secrets + ":14:1: ProxyJump host is not a host name or IP address",
                secrets + ":16:1: User is not a valid user name",
                secrets + ":17:1: unbalanced double quote"), problems);
        SshConfig parsed = SshConfig.parse(secrets, new Problems());
        assertEquals(List.of(
                secrets + ":1: 4 line(s) without an ssh_config keyword ignored (is this an ssh config file?)"),
                parsed.warnings());
        String everything = String.join("\n", problems) + e.getMessage() + parsed.warnings();
        assertFalse(everything.contains("SECRET"), everything);
    }
}
