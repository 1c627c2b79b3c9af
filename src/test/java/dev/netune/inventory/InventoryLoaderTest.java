package dev.netune.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.profile.Problem;
import dev.netune.profile.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryLoaderTest {
    private static final Path HOME = Path.of(System.getProperty("user.home"));

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path f = dir.resolve("inventory.yaml");
        Files.writeString(f, text);
        return f;
    }

    private Inventory load(String text) throws Exception {
        return new InventoryLoader().load(write(text));
    }

    private List<String> problems(String text) throws IOException {
        Path f = write(text);
        ValidationException e = assertThrows(ValidationException.class, () -> new InventoryLoader().load(f));
        return e.problems().stream().map(Problem::format).toList();
    }

    private String f() {
        return dir.resolve("inventory.yaml").toString();
    }

    @Test
    void loadsTheIssueExample() throws Exception {
        Inventory inv = load("""
                defaults:
                  user: root
                  port: 22
                  identityFile: ~/.ssh/id_ed25519
                  knownHosts: ~/.ssh/known_hosts
                groups:
                  web:
                    profiles: [profiles/web-server.yaml, ../shared/base.yaml]
                    hosts:
                      web-1: {address: 10.0.0.11, port: 2201}
                      web-2: {address: 10.0.0.12, port: 2202, user: tuner, become: true}
                """);
        assertEquals(dir.resolve("inventory.yaml"), inv.file());
        List<Path> profiles = List.of(dir.resolve("profiles/web-server.yaml"), dir.getParent().resolve("shared/base.yaml"));
        assertEquals(List.of(
                new Host("web-1", "10.0.0.11", 2201, "root", OpenSshDefaults.settings(HOME.resolve(".ssh/id_ed25519"),
                        HOME.resolve(".ssh/known_hosts")), false, List.of("web"), profiles, List.of(), Map.of()),
                new Host("web-2", "10.0.0.12", 2202, "tuner", OpenSshDefaults.settings(HOME.resolve(".ssh/id_ed25519"),
                        HOME.resolve(".ssh/known_hosts")), true, List.of("web"), profiles, List.of(), Map.of())),
                inv.hosts());
        assertEquals("web-1 (10.0.0.11:2201)", inv.hosts().get(0).describe());
    }

    @Test
    void builtInDefaultsWhenNoneGiven() throws Exception {
        Inventory inv = load("""
                hosts:
                  db-1:
                  db-2: {address: db2.example.com}
                """);
        String me = System.getProperty("user.name");
        assertEquals(List.of(
                new Host("db-1", "db-1", 22, me, OpenSshDefaults.settings(null, null), false, List.of(), List.of(),
                        List.of(), Map.of()),
                new Host("db-2", "db2.example.com", 22, me, OpenSshDefaults.settings(null, null), false, List.of(),
                        List.of(), List.of(), Map.of())),
                inv.hosts());
    }

    @Test
    void groupLevelSettingsOverDefaultsAndHostOverGroup() throws Exception {
        Inventory inv = load("""
                defaults: {user: ops, port: 2222, become: true}
                groups:
                  lb:
                    port: 2200
                    identityFile: keys/lb
                    knownHosts: /etc/netune/known_hosts
                    become: false
                    hosts:
                      lb-1: {address: 192.168.1.1}
                      lb-2: {address: 192.168.1.2, port: 22, identityFile: /abs/key, profiles: extra.yaml}
                """);
        Host lb1 = inv.hosts().get(0);
        Host lb2 = inv.hosts().get(1);
        assertEquals(2200, lb1.port());
        assertEquals("ops", lb1.user());
        assertEquals(dir.resolve("keys/lb"), lb1.identityFile());
        assertEquals(Path.of("/etc/netune/known_hosts"), lb1.knownHosts());
        assertFalse(lb1.become());
        assertEquals(List.of(), lb1.profiles());
        assertEquals(22, lb2.port());
        assertEquals(Path.of("/abs/key"), lb2.identityFile());
        assertEquals(List.of(dir.resolve("extra.yaml")), lb2.profiles());
    }

    @Test
    void tildeExpansion() {
        Path inv = dir.resolve("inventory.yaml");
        assertEquals(HOME, InventoryLoader.expand("~", inv));
        assertEquals(HOME.resolve(".ssh/id_rsa"), InventoryLoader.expand("~/.ssh/id_rsa", inv));
        // ~user is not expanded: it is a relative path like any other
        assertEquals(dir.resolve("~other/key"), InventoryLoader.expand("~other/key", inv));
        assertEquals(dir.resolve("k"), InventoryLoader.expand("a/../k", inv));
        assertEquals(Path.of("/etc/k"), InventoryLoader.expand("/etc/./k", inv));
    }

    @Test
    void hostInTwoGroupsMergesGroupsAndProfiles() throws Exception {
        Inventory inv = load("""
                groups:
                  web:
                    profiles: [web.yaml, base.yaml]
                    hosts:
                      edge-1: {address: 10.0.0.1}
                      web-1: {address: 10.0.0.2}
                  proxies:
                    profiles: [base.yaml, proxy.yaml]
                    hosts:
                      edge-1: {address: 10.0.0.1, profiles: [edge.yaml]}
                """);
        assertEquals(2, inv.hosts().size());
        Host edge = inv.hosts().get(0);
        assertEquals("edge-1", edge.name());
        assertEquals(List.of("web", "proxies"), edge.groups());
        assertEquals(List.of(dir.resolve("web.yaml"), dir.resolve("base.yaml"), dir.resolve("proxy.yaml"),
                dir.resolve("edge.yaml")), edge.profiles());
        assertEquals(List.of("web"), inv.hosts().get(1).groups());
    }

    @Test
    void ungroupedHostAlsoInAGroup() throws Exception {
        Inventory inv = load("""
                hosts:
                  web-1: {address: 10.0.0.2, profiles: own.yaml}
                groups:
                  web:
                    profiles: web.yaml
                    hosts:
                      web-1: {address: 10.0.0.2}
                """);
        assertEquals(List.of(new Host("web-1", "10.0.0.2", 22, System.getProperty("user.name"),
                OpenSshDefaults.settings(null, null), false, List.of("web"),
                List.of(dir.resolve("own.yaml"), dir.resolve("web.yaml")), List.of(), Map.of())), inv.hosts());
    }

    @Test
    void conflictingConnectionSettingsAreAnError() throws Exception {
        assertEquals(List.of(f() + ":8:14: groups.db.hosts.web-1: host 'web-1' is listed again with different"
                        + " connection settings (first at line 4)"),
                problems("""
                        groups:
                          web:
                            hosts:
                              web-1: {address: 10.0.0.2}
                          db:
                            port: 2222
                            hosts:
                              web-1: {address: 10.0.0.2}
                        """));
    }

    @Test
    void badAddressPortUserAndBecomeWithLineNumbers() throws Exception {
        assertEquals(List.of(
                f() + ":3:14: hosts.a.address: '10.0.0.1; reboot' is not a host name or IP address",
                f() + ":5:11: hosts.b.port: port must be 1..65535, found 70000",
                f() + ":7:11: hosts.c.port: expected a whole number, found 'ssh'",
                f() + ":9:11: hosts.d.user: 'Root' is not a valid user name",
                f() + ":11:13: hosts.e.become: expected true or false, found 'maybe'",
                f() + ":13:14: hosts.f.address: '-oProxyCommand=x' is not a host name or IP address",
                f() + ":15:11: hosts.g.user: '-lroot' is not a valid user name"),
                problems("""
                        hosts:
                          a:
                            address: "10.0.0.1; reboot"
                          b:
                            port: 70000
                          c:
                            port: ssh
                          d:
                            user: Root
                          e:
                            become: maybe
                          f:
                            address: -oProxyCommand=x
                          g:
                            user: -lroot
                        """));
    }

    @Test
    void unknownKeysAtEveryLevel() throws Exception {
        assertEquals(List.of(
                f() + ":1:1: hostz: unknown key 'hostz' (did you mean 'hosts'?); allowed: defaults, groups, hosts",
                f() + ":3:3: defaults.usr: unknown key 'usr' (did you mean 'user'?); allowed: address, become,"
                        + " identityFile, knownHosts, port, proxyJump, sshConfig, user, vars",
                f() + ":6:5: groups.web.profile: unknown key 'profile' (did you mean 'profiles'?); allowed: address,"
                        + " become, hosts, identityFile, knownHosts, port, profiles, proxyJump, user, vars",
                f() + ":8:15: groups.web.hosts.web-1.adress: unknown key 'adress' (did you mean 'address'?); allowed:"
                        + " address, become, identityFile, knownHosts, port, profiles, proxyJump, user, vars"),
                problems("""
                        hostz: {}
                        defaults:
                          usr: root
                        groups:
                          web:
                            profile: web.yaml
                            hosts:
                              web-1: {adress: 10.0.0.1}
                        """));
    }

    @Test
    void badHostAndGroupNames() throws Exception {
        assertEquals(List.of(
                f() + ":2:3: groups.web servers: group name 'web servers' must be letters, digits, '.', '_' or '-'",
                f() + ":4:7: groups.web servers.hosts.-x: host name '-x' must be letters, digits, '.', '_' or '-'",
                f() + ":6:6: hosts.h: host entries are mappings such as {address: 10.0.0.5}"),
                problems("""
                        groups:
                          web servers:
                            hosts:
                              -x: {address: 10.0.0.1}
                        hosts:
                          h: 10.0.0.5
                        """));
    }

    @Test
    void yamlErrorsAndEmptyInventory() throws Exception {
        assertEquals(List.of(f() + ":1:1: file is empty"), problems(""));
        List<String> p = problems("hosts:\n  a: {address: 1\n");
        assertEquals(1, p.size());
        assertTrue(p.get(0).startsWith(f() + ":3:1: YAML syntax error: "), p.get(0));
    }

    @Test
    void missingInventoryFile() {
        Path gone = dir.resolve("nope.yaml");
        ValidationException e = assertThrows(ValidationException.class, () -> new InventoryLoader().load(gone));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).format().startsWith(gone + ": cannot read: "), e.getMessage());
    }

    @Test
    void nullIdentityFileStaysNull() throws Exception {
        Host h = load("hosts:\n  a: {address: a.example}\n").hosts().get(0);
        assertNull(h.identityFile());
    }

    @Test
    void negativePortIsAnError() throws Exception {
        assertEquals(List.of(f() + ":3:11: hosts.a.port: port must be 1..65535, found -1"),
                problems("hosts:\n  a:\n    port: -1\n"));
    }

    @Test
    void anInventoryCannotTurnAHostIntoAnAuthorizedKeysLine() throws Exception {
        // issue #19: knownHosts pointing at authorized_keys plus a host called cert-authority
        Path authorizedKeys = Files.writeString(dir.resolve("authorized_keys"), "");
        assertEquals(List.of(
                f() + ":4:14: hosts.a.address: 'cert-authority' is a word with a meaning in known_hosts or"
                        + " authorized_keys lines, not a host name",
                f() + ":5:12: hosts.restrict: 'restrict' is a word with a meaning in known_hosts or"
                        + " authorized_keys lines, not a host name; give an address",
                f() + ":6:16: hosts.c.address: 'Ssh-Ed25519' is a word with a meaning in known_hosts or"
                        + " authorized_keys lines, not a host name",
                f() + ":7:16: hosts.d.address: 'a,b' is not a host name or IP address",
                f() + ":8:16: hosts.e.address: '@revoked' is not a host name or IP address",
                f() + ":9:16: hosts.f.address: 'a b' is not a host name or IP address",
                f() + ":10:16: hosts.g.address: '[::1' is not a host name or IP address",
                f() + ":11:16: hosts.h.address: 'x:y' is not a host name or IP address"),
                problems("""
                        defaults: {knownHosts: %s}
                        hosts:
                          a:
                            address: cert-authority
                          restrict:
                          c: {address: Ssh-Ed25519}
                          d: {address: "a,b"}
                          e: {address: "@revoked"}
                          f: {address: "a b"}
                          g: {address: "[::1"}
                          h: {address: "x:y"}
                        """.formatted(authorizedKeys)));
    }

    @Test
    void namesAndAddressesOfEveryUsualFormLoad() throws Exception {
        List<String> addresses = List.of("web-1", "web-1.example.com", "web-1.example.com.", "_srv.example",
                "10.0.0.5", "::1", "[::1]", "fe80::1", "2001:db8::ff00:42:8329", "::ffff:192.0.2.128",
                "2001:0db8:0000:0000:0000:ff00:0042:8329", "restricted");
        StringBuilder yaml = new StringBuilder("hosts:\n");
        for (int i = 0; i < addresses.size(); i++) {
            yaml.append("  h").append(i).append(": {address: \"").append(addresses.get(i)).append("\"}\n");
        }
        assertEquals(addresses, load(yaml.toString()).hosts().stream().map(Host::address).toList());
    }

    @Test
    void ipv6LoopbackIsAnAddress() throws Exception {
        Host h = load("hosts:\n  local6: {address: \"::1\"}\n").hosts().get(0);
        assertEquals("::1", h.address());
    }

    @Test
    void variablesOfDefaultsGroupsAndHostsHostWinsAndLaterGroupsOverEarlierOnes() throws Exception {
        Path inv = Files.writeString(dir.resolve("vars.yaml"), """
                defaults:
                  vars: {backlog: 1024, rack: r0}
                groups:
                  web:
                    vars: {backlog: 8192}
                    hosts:
                      web-1: {address: 10.0.0.1, vars: {rack: r7}}
                      web-2: {address: 10.0.0.2}
                  edge:
                    vars: {port_lo: 10000}
                    hosts:
                      web-2:
                          address: 10.0.0.2
                hosts:
                  db-1: {address: 10.0.0.9}
                """);
        Map<String, Map<String, String>> vars = new java.util.TreeMap<>();
        new InventoryLoader(null).load(inv).hosts().forEach(h -> vars.put(h.name(), h.vars()));
        assertEquals(Map.of("db-1", Map.of("backlog", "1024", "rack", "r0"),
                "web-1", Map.of("backlog", "8192", "rack", "r7"),
                "web-2", Map.of("backlog", "8192", "rack", "r0", "port_lo", "10000")), vars);
    }

    @Test
    void aVariableIsOneValueWithAPlainName() throws Exception {
        assertEquals(List.of(
                f() + ":2:10: defaults.vars.2x: variable name '2x' must be letters, digits and '_' (not starting with a digit)",
                f() + ":2:23: defaults.vars.cpus: a variable is a single value (a number or a string)"),
                problems("""
                        defaults:
                          vars: {2x: 1, cpus: [1, 2]}
                        hosts:
                          a: {address: 10.0.0.1}
                        """));
    }

    @Test
    void theExampleInventoryLoads() throws Exception {
        Map<String, Host> hosts = new java.util.TreeMap<>();
        new InventoryLoader(null).load(Path.of("inventory.example.yaml")).hosts().forEach(h -> hosts.put(h.name(), h));
        assertEquals(List.of("proxy-1", "proxy-2", "web-1", "web-2"), List.copyOf(hosts.keySet()));
        assertEquals(Map.of("irq_cpus", "2-7"), hosts.get("proxy-1").vars());
        assertEquals(Map.of("irq_cpus", "2-15"), hosts.get("proxy-2").vars());
    }

    /** The fleet size issue 20 plans in shards: one host a line, about 6 MB, past SnakeYAML's default of 3 Mi characters. */
    @Test
    void loadsAnInventoryOfAHundredThousandHostsWrittenOut() throws Exception {
        StringBuilder yaml = new StringBuilder("defaults:\n  user: root\nhosts:\n");
        for (int i = 1; i <= 100_000; i++) {
            yaml.append(String.format("  sim-%06d: {address: 10.%d.%d.%d, port: 22}%n", i, i >> 16, (i >> 8) & 255, i & 255));
        }
        assertTrue(yaml.length() > 3 << 20, "larger than SnakeYAML's default limit");
        List<Host> hosts = load(yaml.toString()).hosts();
        assertEquals(100_000, hosts.size());
        assertEquals("sim-100000 (10.1.134.160:22)", hosts.get(99_999).describe());
    }

    @Test
    void aYamlFileOfMoreThan32MiCharactersIsAProblemNotAnOutOfMemoryError() throws Exception {
        // comment lines: SnakeYAML counts them and keeps none of them, so the test holds no graph;
        // the count is checked when the scanner reaches the next token, the key after them
        String yaml = ("#" + "x".repeat(63) + "\n").repeat((32 << 20) / 64 + 1) + "hosts: {}\n";
        assertEquals(List.of(f() + ": YAML error: The incoming YAML document exceeds the limit: 33554432 code points."),
                problems(yaml));
    }
}
