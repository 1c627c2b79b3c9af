package dev.netune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netune.testhost.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test: for every case of ansible-inventory-cases.txt, {@code netune inventory
 * --list} has the hosts, groups, connection settings and variables the real {@code
 * ansible-inventory --list} prints (its {@code _meta.hostvars} are what {@code --host} prints),
 * and {@code --limit P} selects the hosts {@code ansible P --list-hosts} lists. A case's
 * {@code sources} file holds its {@code -i} arguments, {@code limits} its patterns.
 *
 * <p>Compared: each host's groups (ancestors included); its address ({@code ansible_host} or its
 * name), and, where Ansible's variables set them, port, user, first identity file, become and the
 * first ProxyJump hop; every scalar variable that is not {@code ansible_*}/{@code netune_*}
 * (booleans and numbers as Ansible typed them, see {@link #same}).
 */
class AnsibleInventoryParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> netuneReadsInventoriesAsAnsible() throws Exception {
        Require.that(ParityCorpus.onPath("ansible-inventory") && ParityCorpus.onPath("ansible"),
                "ansible-inventory and ansible, package ansible");
        List<ParityCorpus> cases = ParityCorpus.load("/parity/ansible-inventory-cases.txt");
        assertTrue(cases.size() >= 25, "the corpus has " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private void check(ParityCorpus c) throws Exception {
        Path dir = c.write(Files.createDirectories(tmp.resolve(c.name())));
        for (String name : c.files().keySet()) {
            if (name.endsWith(".sh") || name.endsWith(".py")) {
                dir.resolve(name).toFile().setExecutable(true);
            }
        }
        List<String> sources = List.of(Files.readString(dir.resolve("sources")).strip().split("\\s+"));
        List<String> iArgs = new ArrayList<>();
        sources.forEach(s -> {
            iArgs.add("-i");
            iArgs.add(dir.resolve(s).toString());
        });
        List<String> cmd = new ArrayList<>(List.of("ansible-inventory"));
        // a source Ansible reads differently (a --list JSON file: through a script that prints it)
        List<String> oracleArgs = new ArrayList<>();
        if (Files.exists(dir.resolve("oracle-sources"))) {
            for (String s : Files.readString(dir.resolve("oracle-sources")).strip().split("\\s+")) {
                oracleArgs.add("-i");
                oracleArgs.add(dir.resolve(s).toString());
            }
        } else {
            oracleArgs.addAll(iArgs);
        }
        cmd.addAll(oracleArgs);
        cmd.add("--list");
        JsonNode ansible = JSON.readTree(ParityCorpus.run(dir, cmd));

        List<String> netuneArgs = new ArrayList<>(List.of("inventory"));
        netuneArgs.addAll(iArgs);
        netuneArgs.add("--list");
        CliRun r = CliRun.run(netuneArgs.toArray(String[]::new));
        assertEquals(0, r.exit(), c.name() + ": " + r.err());
        JsonNode netune = JSON.readTree(r.out()).get("hosts");

        Map<String, Set<String>> groups = groupsOf(ansible);
        assertEquals(new TreeSet<>(groups.keySet()), names(netune), c.name() + ": hosts");
        JsonNode hostvars = ansible.path("_meta").path("hostvars");
        for (String host : groups.keySet()) {
            JsonNode n = netune.get(host);
            JsonNode v = hostvars.path(host);
            String what = c.name() + " " + host + ": ";
            assertEquals(groups.get(host), new TreeSet<>(strings(n.get("groups"))), what + "groups");
            assertEquals(text(v, "ansible_host", text(v, "ansible_ssh_host", host)), n.get("address").asText(),
                    what + "address");
            if (v.has("ansible_port")) {
                assertEquals(v.get("ansible_port").asText(), n.get("port").asText(), what + "port");
            }
            if (v.has("ansible_user")) {
                assertEquals(v.get("ansible_user").asText(), n.get("user").asText(), what + "user");
            }
            if (v.has("ansible_ssh_private_key_file")) {
                String key = v.get("ansible_ssh_private_key_file").asText();
                String expanded = key.startsWith("~/") ? System.getProperty("user.home") + key.substring(1) : key;
                assertEquals(expanded, n.get("identityFiles").get(0).asText(), what + "key");
            }
            if (v.has("ansible_become")) {
                // Ansible's boolean(): true, yes, on, 1 (any case) are true
                boolean become = Set.of("true", "yes", "on", "1", "y").contains(v.get("ansible_become").asText()
                        .toLowerCase(Locale.ROOT));
                assertEquals(become, n.get("become").asBoolean(), what + "become");
            }
            String jump = firstJump(v);
            if (jump != null) {
                assertTrue(n.get("proxyJump").size() > 0 && n.get("proxyJump").get(0).asText().contains(jump),
                        what + "ProxyJump " + jump + " vs " + n.get("proxyJump"));
            }
            Map<String, JsonNode> expected = new TreeMap<>();
            v.fields().forEachRemaining(e -> {
                if (!e.getKey().startsWith("ansible_") && !e.getKey().startsWith("netune_") && e.getValue().isValueNode()) {
                    expected.put(e.getKey(), e.getValue());
                }
            });
            JsonNode vars = n.get("vars");
            assertEquals(expected.keySet(), new TreeSet<>(strings(fieldNames(vars))), what + "variables");
            expected.forEach((k, e) -> assertTrue(same(e, vars.get(k).asText()),
                    what + "variable " + k + ": Ansible " + e + ", netune " + vars.get(k)));
        }
        if (Files.exists(dir.resolve("limits"))) {
            for (String pattern : Files.readAllLines(dir.resolve("limits"))) {
                if (pattern.isBlank()) {
                    continue;
                }
                List<String> a = new ArrayList<>(List.of("ansible"));
                a.addAll(oracleArgs);
                a.addAll(List.of(pattern, "--list-hosts"));
                Set<String> want = new TreeSet<>();
                for (String l : ParityCorpus.run(dir, a).split("\n")) {
                    if (l.startsWith("    ")) {
                        want.add(l.strip());
                    }
                }
                List<String> args = new ArrayList<>(netuneArgs);
                args.addAll(List.of("--limit", pattern));
                CliRun lr = CliRun.run(args.toArray(String[]::new));
                Set<String> got = lr.exit() == 0 ? names(JSON.readTree(lr.out()).get("hosts")) : Set.of();
                assertEquals(want, got, c.name() + ": --limit '" + pattern + "' " + lr.err());
            }
        }
    }

    /** Each host's groups from --list (ancestors included, "all" not; "ungrouped" only when in no other). */
    private static Map<String, Set<String>> groupsOf(JsonNode list) {
        Map<String, Set<String>> direct = new TreeMap<>();
        Map<String, Set<String>> parents = new TreeMap<>();
        list.fields().forEachRemaining(g -> {
            if (g.getKey().equals("_meta")) {
                return;
            }
            g.getValue().path("hosts").forEach(h -> direct.computeIfAbsent(h.asText(), k -> new TreeSet<>()).add(g.getKey()));
            g.getValue().path("children").forEach(ch -> parents.computeIfAbsent(ch.asText(), k -> new TreeSet<>())
                    .add(g.getKey()));
        });
        Map<String, Set<String>> out = new TreeMap<>();
        direct.forEach((host, gs) -> {
            Set<String> all = new TreeSet<>();
            List<String> todo = new ArrayList<>(gs);
            while (!todo.isEmpty()) {
                String g = todo.remove(0);
                if (!g.equals("all") && all.add(g)) {
                    todo.addAll(parents.getOrDefault(g, Set.of()));
                }
            }
            out.put(host, all);
        });
        return out;
    }

    /** The host of the first ProxyJump in the ssh argument variables, or null. */
    private static String firstJump(JsonNode v) {
        for (String name : List.of("ansible_ssh_common_args", "ansible_ssh_extra_args")) {
            String args = v.path(name).asText("");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:-o\\s*ProxyJump=|-J\\s*)([^\\s,'\"]+)")
                    .matcher(args);
            if (m.find()) {
                String hop = m.group(1);
                hop = hop.contains("@") ? hop.substring(hop.indexOf('@') + 1) : hop;
                return hop.contains(":") ? hop.substring(0, hop.indexOf(':')) : hop;
            }
        }
        return null;
    }

    /**
     * Ansible types values (INI through Python literals, YAML 1.1); netune keeps the text. The
     * same when equal as text, or when Ansible's boolean is what netune's text says.
     */
    private static boolean same(JsonNode ansible, String netune) {
        if (ansible.isBoolean()) {
            String t = netune.toLowerCase(Locale.ROOT);
            return ansible.asBoolean() ? Set.of("true", "yes", "on", "y").contains(t)
                    : Set.of("false", "no", "off", "n").contains(t);
        }
        if (ansible.isNumber()) {
            try {
                return new java.math.BigDecimal(netune).compareTo(ansible.decimalValue()) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return ansible.asText().equals(netune);
    }

    private static String text(JsonNode v, String key, String fallback) {
        return v.has(key) ? v.get(key).asText() : fallback;
    }

    private static Set<String> names(JsonNode hosts) {
        Set<String> out = new TreeSet<>();
        hosts.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static JsonNode fieldNames(JsonNode n) {
        com.fasterxml.jackson.databind.node.ArrayNode a = JSON.createArrayNode();
        n.fieldNames().forEachRemaining(a::add);
        return a;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(e -> out.add(e.asText()));
        return out;
    }

}
