package dev.netune.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.profile.Problem;
import dev.netune.profile.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnsibleInventoryTest {
    private static final Path HOME = Path.of(System.getProperty("user.home"));
    private static final String ME = System.getProperty("user.name");

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /** No ~/.ssh/config: tests must not depend on the machine's. */
    private Inventory load(String name, String text) throws Exception {
        return new InventoryLoader(null).load(write(name, text));
    }

    private List<String> problems(String name, String text) throws IOException {
        Path f = write(name, text);
        ValidationException e = assertThrows(ValidationException.class, () -> new InventoryLoader(null).load(f));
        return e.problems().stream().map(Problem::format).toList();
    }

    private static Map<String, Host> byName(Inventory inv) {
        return inv.hosts().stream().collect(Collectors.toMap(Host::name, Function.identity()));
    }

    static final String INI = """
            # production fleet, as the Ansible playbooks use it
            bastion-1 ansible_host=203.0.113.5

            [web]
            web-1 ansible_host=10.0.0.1 ansible_port=2222 ansible_user=tuner ansible_become=true
            web-[02:03] ansible_host=10.0.0.9   # both behind the same NAT for the test
            web-4:2200 ansible_become=yes ansible_ssh_private_key_file=keys/web4

            [db]
            db-1 ansible_host=10.0.1.1 netune_profiles="profiles/db.yaml, profiles/extra.yaml"

            [web:vars]
            netune_profiles=profiles/web-server.yaml
            ansible_user=deploy
            http_port=8080

            [prod:children]
            web
            db

            [prod:vars]
            ansible_become=1
            netune_known_hosts=known_hosts
            ansible_ssh_common_args='-o ProxyJump=jump@bastion.example.com:2022 -o StrictHostKeyChecking=yes'

            [all:vars]
            ansible_user=ops
            netune_profiles=profiles/base.yaml
            """;

    @Test
    void iniInventoryWithChildrenVarsRangesAndPrecedence() throws Exception {
        Inventory inv = load("hosts", INI);
        assertEquals(List.of("bastion-1", "web-1", "web-02", "web-03", "web-4", "db-1"),
                inv.hosts().stream().map(Host::name).toList());
        Map<String, Host> h = byName(inv);

        Host web1 = h.get("web-1");
        assertEquals("10.0.0.1", web1.address());
        assertEquals(2222, web1.port());
        assertEquals("tuner", web1.user(), "host vars win over [web:vars] and [all:vars]");
        assertTrue(web1.become());
        assertEquals(List.of("prod", "web"), web1.groups(), "groups include the parents of children");
        assertEquals(List.of(dir.resolve("profiles/web-server.yaml")), web1.profiles(),
                "the child group's netune_profiles override all's");
        assertEquals(dir.resolve("known_hosts"), web1.knownHosts());
        assertEquals(List.of(OpenSshDefaults.jump("bastion.example.com", "bastion.example.com", 2022, "jump")),
                web1.jumps());

        assertEquals("10.0.0.9", h.get("web-02").address());
        assertEquals("deploy", h.get("web-02").user(), "[web:vars] wins over [all:vars]");
        assertTrue(h.get("web-03").become(), "ansible_become=1 of the parent group");

        Host web4 = h.get("web-4");
        assertEquals("web-4", web4.address());
        assertEquals(2200, web4.port());
        assertEquals(dir.resolve("keys/web4"), web4.identityFile());

        Host db1 = h.get("db-1");
        assertEquals(List.of(dir.resolve("profiles/db.yaml"), dir.resolve("profiles/extra.yaml")), db1.profiles());
        assertEquals("ops", db1.user());

        assertEquals(Map.of("http_port", "8080"), web1.vars(), "other vars reach profiles; ansible_* and netune_* do not");
        assertEquals(Map.of(), db1.vars());

        Host bastion = h.get("bastion-1");
        assertEquals(List.of("ungrouped"), bastion.groups());
        assertEquals(22, bastion.port());
        assertEquals(HOME.resolve(".ssh/known_hosts"), bastion.knownHosts());
        assertEquals(List.of(), bastion.jumps());
        assertEquals(List.of(dir.resolve("profiles/base.yaml")), bastion.profiles());
    }

    @Test
    void limitByParentGroupSelectsHostsOfChildGroups() throws Exception {
        Inventory inv = load("hosts", INI);
        assertEquals(List.of("web-1", "web-02", "web-03", "web-4", "db-1"),
                HostPattern.select(inv.hosts(), "prod").stream().map(Host::name).toList());
        assertEquals(List.of("web-1", "web-02", "web-03", "web-4"),
                HostPattern.select(inv.hosts(), "prod:&web").stream().map(Host::name).toList());
        assertEquals(List.of("db-1"),
                HostPattern.select(inv.hosts(), "prod:!web").stream().map(Host::name).toList());
        assertEquals(List.of("bastion-1"),
                HostPattern.select(inv.hosts(), "ungrouped").stream().map(Host::name).toList());
    }

    static final String YAML = """
            all:
              vars:
                ansible_user: ops
                netune_profiles: [profiles/base.yaml]
              hosts:
                mgmt-1:
              children:
                prod:
                  vars:
                    ansible_become: true
                  children:
                    web:
                      hosts:
                        web-1:
                          ansible_host: 10.0.0.1
                          ansible_port: 2222
                        web-2:
                          ansible_host: 10.0.0.2
                          ansible_user: tuner
                          netune_profiles: profiles/a.yaml,profiles/b.yaml
                      vars:
                        netune_profiles:
                          - profiles/web-server.yaml
                          - profiles/many-outbound.yaml
                        netune_proxy_jump: bastion
                    db:
                      hosts:
                        db-[a:b]:
                          ansible_ssh_private_key_file: ~/.ssh/db_key
                staging:
                  hosts:
                    web-1:
            """;

    @Test
    void yamlInventoryWithNestedChildren() throws Exception {
        Inventory inv = load("inventory.yml", YAML);
        Map<String, Host> h = byName(inv);
        assertEquals(List.of("mgmt-1", "web-1", "web-2", "db-a", "db-b"), inv.hosts().stream().map(Host::name).toList());

        Host web1 = h.get("web-1");
        assertEquals("10.0.0.1", web1.address());
        assertEquals(2222, web1.port());
        assertEquals("ops", web1.user());
        assertTrue(web1.become());
        assertEquals(List.of("prod", "staging", "web"), web1.groups());
        assertEquals(List.of(dir.resolve("profiles/web-server.yaml"), dir.resolve("profiles/many-outbound.yaml")),
                web1.profiles());
        assertEquals(List.of(OpenSshDefaults.jump("bastion", "bastion", 22, ME)), web1.jumps());

        Host web2 = h.get("web-2");
        assertEquals("tuner", web2.user());
        assertEquals(List.of(dir.resolve("profiles/a.yaml"), dir.resolve("profiles/b.yaml")), web2.profiles());

        assertEquals(HOME.resolve(".ssh/db_key"), h.get("db-b").identityFile());
        assertEquals(List.of("prod", "db"), h.get("db-a").groups(), "in precedence order: parents first");
        assertEquals(List.of(), h.get("mgmt-1").groups().stream().filter(g -> !g.equals("ungrouped")).toList());
        assertTrue(!h.get("mgmt-1").become());
        assertEquals(List.of(dir.resolve("profiles/base.yaml")), h.get("mgmt-1").profiles());
    }

    @Test
    void netuneYamlIsStillNetuneYaml() throws Exception {
        Inventory inv = load("inventory.yaml", """
                hosts:
                  web-1: {address: 10.0.0.1}
                """);
        assertEquals("10.0.0.1", inv.hosts().get(0).address());
    }

    @Test
    void iniProblemsHaveFileAndLine() throws Exception {
        String f = dir.resolve("bad.ini").toString();
        assertEquals(List.of(
                f + ":2:1: section header '[web' has no closing ']'",
                f + ":4:1: unknown section type ':var' (did you mean 'vars'?); sections are [group], [group:vars]"
                        + " or [group:children]",
                f + ":6:6: db-1.ansible_port: port must be 1..65535, found 'ssh'",
                f + ":6:23: expected key=value after host 'db-1', found 'oops'",
                f + ":8:16: db:vars.netune_profile: unknown variable 'netune_profile' (did you mean"
                        + " 'netune_profiles'?); netune reads netune_profiles, netune_known_hosts, netune_ssh_config,"
                        + " netune_proxy_jump",
                f + ":9:1: expected key=value in [db:vars], found 'ansible_become'",
                f + ":11:1: group 'db' is its own ancestor through [db:children]"),
                problems("bad.ini", """
                        # comment
                        [web
                        web-1
                        [db:var]
                        [db]
                        db-1 ansible_port=ssh oops
                        [db:vars]
                        netune_profile=x.yaml
                        ansible_become
                        [db:children]
                        db
                        """));
    }

    @Test
    void addressesThatAreKeyOptionsAreRefused() throws Exception {
        // issue #19: a host called cert-authority, with its known_hosts file chosen by the inventory
        List<String> p = problems("evil.ini", """
                [web]
                web-1 ansible_host=cert-authority netune_known_hosts=authorized_keys
                restrict
                """);
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).contains(":2:") && p.get(0).contains("'cert-authority' is a word with a meaning in"
                + " known_hosts or authorized_keys lines"), p.get(0));
        assertTrue(p.get(1).contains(":3:") && p.get(1).contains("'restrict' is a word"), p.get(1));
    }

    @Test
    void rangesThatMultiplyPastTheCapAreRefusedBeforeExpanding() throws Exception {
        // issue #19: each range is under the per-range cap, their product is 10^8 names (OOM before)
        long start = System.nanoTime();
        List<String> p = problems("big.ini", "[web]\nweb-1\nh[0:9999][0:9999] ansible_host=127.0.0.1\n");
        assertEquals(List.of(dir.resolve("big.ini") + ":3:1: host pattern 'h[0:9999][0:9999]' expands to more than"
                + " 100000 hosts"), p);
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "refused at once");
        List<String> yaml = problems("big.yaml", "all:\n  hosts:\n    'h[a:z][0:9999]':\n");
        assertEquals(1, yaml.size(), yaml.toString());
        assertTrue(yaml.get(0).contains(":3:") && yaml.get(0).contains("expands to more than 100000 hosts"), yaml.get(0));
        // many patterns each under the cap: the inventory as a whole is bounded too
        StringBuilder many = new StringBuilder("[web]\n");
        for (int i = 0; i < 30; i++) {
            many.append("g").append(i).append("-[0:9999]\n");
        }
        List<String> total = problems("many.ini", many.toString());
        assertEquals(List.of(dir.resolve("many.ini") + ":22:1: the inventory's host patterns expand to more than"
                + " 200000 hosts"), total);
        assertEquals(26 * 2, load("ok.ini", "[web]\nh[a:z][0:1]\n").hosts().size());
    }

    @Test
    void yamlProblemsHaveFileLineAndPath() throws Exception {
        String f = dir.resolve("inv.yaml").toString();
        assertEquals(List.of(
                f + ":4:7: all.children.web.host: unknown key 'host' (did you mean 'hosts'?); allowed: children,"
                        + " hosts, vars",
                f + ":7:32: all.children.db.hosts.db-1.ansible_become: ansible_become must be true or false"
                        + " (yes/no, 1/0), found 'maybe'"),
                problems("inv.yaml", """
                        all:
                          children:
                            web:
                              host: {web-1: }
                            db:
                              hosts:
                                db-1: {ansible_become: maybe}
                        """));
    }

    @Test
    void localConnectionHostsAreSkippedWithAWarning() throws Exception {
        Inventory inv = load("hosts.ini", """
                localhost ansible_connection=local
                web-1 ansible_host=10.0.0.1
                """);
        assertEquals(List.of("web-1"), inv.hosts().stream().map(Host::name).toList());
        assertEquals(1, inv.warnings().size());
        assertTrue(inv.warnings().get(0).startsWith("localhost: ansible_connection=local is not SSH"));
    }

    @Test
    void detection() {
        assertTrue(AnsibleInventory.isIni(Path.of("hosts"), "# x\n[web]\nweb-1\n"));
        assertTrue(AnsibleInventory.isIni(Path.of("hosts"), "web-1 ansible_host=10.0.0.1\n"));
        assertTrue(AnsibleInventory.isIni(Path.of("hosts"), "web-1\nweb-2\n"));
        assertTrue(AnsibleInventory.isIni(Path.of("inventory.ini"), "all:\n"));
        assertTrue(!AnsibleInventory.isIni(Path.of("hosts"), "all:\n  hosts:\n"));
        assertTrue(!AnsibleInventory.isIni(Path.of("inv.yaml"), "[web]\n"));
        assertTrue(!AnsibleInventory.isIni(Path.of("hosts"), "defaults:\n  user: root\n"));
    }

    @Test
    void hostileRangesAreProblemsNotCrashes() throws Exception {
        for (String range : List.of("web-[a:c:999999]", "web-[1:99999999999999999999]", "web-[1:5:99999999999]")) {
            List<String> p = problems("r.ini", "[web]\n" + range + " ansible_host=127.0.0.1\n");
            assertEquals(1, p.size(), range + ": " + p);
            assertTrue(p.get(0).contains("must be [N:M] or [a:z] with a positive step"), p.get(0));
        }
        assertEquals(List.of("web-a", "web-c"), load("ok.ini", "[web]\nweb-[a:c:2]\n").hosts().stream()
                .map(Host::name).toList());
        // a step past the end of the range (it once wrapped around as a char and never ended)
        assertEquals(List.of("web-a"), load("wrap.ini", "[web]\nweb-[a:c:65536]\n").hosts().stream()
                .map(Host::name).toList());
    }

    @Test
    void sshArgumentsAreReadAsSshReadsThem() throws Exception {
        Inventory inv = load("hosts", """
                [web]
                web-1 ansible_host=10.0.0.1 ansible_ssh_common_args="-o ProxyCommand='nc -x proxy:1080 %h %p'"
                web-2 ansible_host=10.0.0.2 ansible_ssh_extra_args='-o StrictHostKeyChecking=no -o Port=2200 -J gw'
                web-3 ansible_host=10.0.0.3 ansible_port=22 ansible_ssh_common_args='-o Port=2200 -o User=ops'
                """);
        Map<String, Host> h = byName(inv);
        assertEquals("nc -x proxy:1080 10.0.0.1 22", h.get("web-1").ssh().proxyCommand(), "never bypassed");
        assertEquals(List.of(), h.get("web-1").jumps());
        assertEquals(2200, h.get("web-2").port());
        assertEquals("gw", h.get("web-2").jumps().get(0).name());
        assertTrue(inv.warnings().stream().anyMatch(w -> w.startsWith("web-2: ") && w.contains("host key checking")),
                inv.warnings().toString());
        assertEquals(22, h.get("web-3").port(), "ansible_port comes first on ssh's command line: it wins");
        assertEquals("ops", h.get("web-3").user(), "what the variables leave open");
    }

    @Test
    void whatNetuneCannotDoIsAnErrorNotIgnored() throws Exception {
        List<String> p = problems("hosts", """
                [web]
                web-1 ansible_become=true ansible_become_method=su
                web-2 ansible_ssh_common_args='-o HostKeyAlias=other'
                web-3 ansible_become=false ansible_become_method=su
                """);
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).contains(":2:") && p.get(0).contains("ansible_become_method 'su' is not supported"), p.get(0));
        assertTrue(p.get(1).contains(":3:") && p.get(1).contains("-o HostKeyAlias is not supported"), p.get(1));
    }

    @Test
    void scriptsRunAndExecutableTextFilesAreRead() throws Exception {
        Path script = write("inventory.sh", "#!/bin/sh\n[ \"$1\" = --list ] && echo '{\"web\": [\"web-1\"],"
                + " \"_meta\": {\"hostvars\": {\"web-1\": {\"ansible_host\": \"10.0.0.1\"}}}}'\n");
        assertTrue(script.toFile().setExecutable(true));
        Inventory fromScript = new InventoryLoader(null).load(script);
        assertEquals("10.0.0.1", fromScript.hosts().get(0).address());
        assertEquals(List.of("web"), fromScript.hosts().get(0).groups());

        // an executable bit alone (some mounts set it on every file) never runs a YAML file
        Path marker = dir.resolve("ran");
        Path yaml = write("hosts.yml", "all:\n  hosts:\n    web-2:\n# touch " + marker + "\n");
        assertTrue(yaml.toFile().setExecutable(true));
        assertEquals("web-2", new InventoryLoader(null).load(yaml).hosts().get(0).name());
        assertFalse(Files.exists(marker));
    }
}
