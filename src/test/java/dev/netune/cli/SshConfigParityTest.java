package dev.netune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netune.testhost.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test: for every case of ssh-config-cases.txt and every host line of it, what
 * {@code netune inventory --host} resolves equals what the real {@code ssh -G -F config} prints,
 * field by field. A host line is {@code alias [-l user] [-p port] [-i key] [-J jump]} (the same
 * values go to ssh's options and into the inventory entry), or {@code ! alias text}: netune
 * must refuse the host with a message containing {@code text}.
 *
 * <p>ssh -G prints IdentityFile, IdentityAgent and ProxyCommand before their {@code %} tokens are
 * expanded (ssh expands them when it uses them); the oracle expands them as ssh does. A
 * ProxyJump is compared hop by hop as each hop resolves with {@code ssh -G}.
 */
class SshConfigParityTest {
    private static final String HOME = System.getProperty("user.home");
    private static final String ME = System.getProperty("user.name");

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> netuneResolvesAsSshDashG() throws Exception {
        Require.that(ParityCorpus.onPath("ssh"), "the OpenSSH client (ssh), package openssh-client");
        List<ParityCorpus> cases = ParityCorpus.load("/parity/ssh-config-cases.txt");
        assertTrue(cases.size() >= 40, "the corpus has " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private void check(ParityCorpus c) throws Exception {
        Path dir = c.write(Files.createDirectories(tmp.resolve(c.name())));
        Path config = dir.resolve("config");
        int n = 0;
        for (String line : Files.readAllLines(dir.resolve("hosts"))) {
            if (line.isBlank()) {
                continue;
            }
            n++;
            if (line.startsWith("!")) {
                String[] w = line.substring(1).strip().split(" ", 2);
                CliRun r = CliRun.run("inventory", "-i", inventory(dir, w[0], Map.of(), n).toString(), "--host", w[0]);
                assertEquals(1, r.exit(), c.name() + ": netune must refuse " + w[0] + ": " + r.out());
                assertTrue(r.err().contains(w[1]), c.name() + ": " + r.err());
                continue;
            }
            List<String> words = List.of(line.strip().split("\\s+"));
            String alias = words.get(0);
            Map<String, String> flags = new LinkedHashMap<>();
            for (int i = 1; i + 1 < words.size(); i += 2) {
                flags.put(words.get(i), words.get(i + 1));
            }
            Map<String, List<String>> ssh = sshG(dir, config, alias, flags);
            CliRun r = CliRun.run("inventory", "-i", inventory(dir, alias, flags, n).toString(), "--host", alias);
            assertEquals(0, r.exit(), c.name() + " " + alias + ": " + r.err());
            JsonNode h = new ObjectMapper().readTree(r.out()).get("hosts").get(alias);
            String what = c.name() + " " + line + ": ";
            String host = one(ssh, "hostname");
            String port = one(ssh, "port");
            String user = one(ssh, "user");
            assertEquals(host, h.get("address").asText(), what + "HostName");
            assertEquals(port, h.get("port").asText(), what + "Port");
            assertEquals(user, h.get("user").asText(), what + "User");
            Map<Character, String> t = Map.of('h', host, 'n', alias, 'p', port, 'r', user, 'u', ME, 'd', HOME,
                    'k', host);
            assertEquals(ssh.getOrDefault("identityfile", List.of()).stream().map(f -> expand(f, t)).toList(),
                    strings(h.get("identityFiles")), what + "IdentityFile");
            assertEquals(one(ssh, "identitiesonly").equals("yes"), h.get("identitiesOnly").asBoolean(),
                    what + "IdentitiesOnly");
            String agent = ssh.containsKey("identityagent") ? one(ssh, "identityagent") : null;
            if (agent != null && !agent.equals("none") && !agent.equals("SSH_AUTH_SOCK")) {
                agent = expand(agent, t);
            }
            assertEquals(agent, text(h.get("identityAgent")), what + "IdentityAgent");
            String command = ssh.containsKey("proxycommand") ? expand(one(ssh, "proxycommand"), t) : null;
            assertEquals(command, text(h.get("proxyCommand")), what + "ProxyCommand");
            List<String> hops = new ArrayList<>();
            if (ssh.containsKey("proxyjump")) {
                for (String hop : one(ssh, "proxyjump").split(",")) {
                    hops.add(hop(dir, config, hop));
                }
            }
            assertEquals(hops, strings(h.get("proxyJump")), what + "ProxyJump");
            assertEquals(ssh.getOrDefault("userknownhostsfile", List.of()).stream()
                            .flatMap(s -> Stream.of(s.split(" "))).filter(s -> !s.equals("none")).toList(),
                    strings(h.get("knownHostsFiles")), what + "UserKnownHostsFile");
            assertEquals(ssh.getOrDefault("globalknownhostsfile", List.of()).stream()
                            .flatMap(s -> Stream.of(s.split(" "))).filter(s -> !s.equals("none"))
                            .map(f -> expand(f, t)).toList(),
                    strings(h.get("globalKnownHostsFiles")), what + "GlobalKnownHostsFile");
            String timeout = one(ssh, "connecttimeout");
            assertEquals(timeout.equals("none") ? null : timeout, text(h.get("connectTimeout")), what + "ConnectTimeout");
        }
        assertTrue(n > 0, c.name() + " has no host line");
    }

    /** "user@hostname:port" of one ProxyJump hop as ssh -G resolves it. */
    private static String hop(Path dir, Path config, String spec) throws Exception {
        String s = spec.startsWith("ssh://") ? spec.substring(6) : spec;
        Map<String, String> flags = new LinkedHashMap<>();
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            flags.put("-l", s.substring(0, at));
            s = s.substring(at + 1);
        }
        String host = s;
        if (s.startsWith("[")) {
            host = s.substring(1, s.indexOf(']'));
            s = s.substring(s.indexOf(']') + 1);
            if (s.startsWith(":")) {
                flags.put("-p", s.substring(1));
            }
        } else if (s.contains(":")) {
            host = s.substring(0, s.indexOf(':'));
            flags.put("-p", s.substring(s.indexOf(':') + 1));
        }
        Map<String, List<String>> g = sshG(dir, config, host, flags);
        String name = one(g, "hostname");
        return one(g, "user") + "@" + (name.contains(":") ? "[" + name + "]" : name) + ":" + one(g, "port");
    }

    private static Map<String, List<String>> sshG(Path dir, Path config, String alias, Map<String, String> flags)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-G", "-F", config.toString()));
        flags.forEach((k, v) -> {
            cmd.add(k);
            cmd.add(v);
        });
        cmd.add(alias);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String l : ParityCorpus.run(dir, cmd).split("\n")) {
            int sp = l.indexOf(' ');
            if (sp > 0) {
                out.computeIfAbsent(l.substring(0, sp), k -> new ArrayList<>()).add(l.substring(sp + 1));
            }
        }
        return out;
    }

    /** A netune inventory with this one host, given the same values ssh was given. */
    private static Path inventory(Path dir, String alias, Map<String, String> flags, int n) throws Exception {
        StringBuilder entry = new StringBuilder();
        flags.forEach((k, v) -> entry.append(entry.length() == 0 ? "" : ", ").append(switch (k) {
            case "-l" -> "user";
            case "-p" -> "port";
            case "-i" -> "identityFile";
            case "-J" -> "proxyJump";
            default -> throw new IllegalArgumentException(k);
        }).append(": \"").append(v).append('"'));
        Path inv = dir.resolve("inventory-" + n + ".yaml");
        Files.writeString(inv, "defaults:\n  sshConfig: " + dir.resolve("config") + "\nhosts:\n  " + alias + ":"
                + (entry.length() == 0 ? "" : " {" + entry + "}") + "\n");
        return inv;
    }

    /** ~ and % tokens as ssh expands them when it uses a value. */
    private static String expand(String s, Map<Character, String> tokens) {
        String in = s.equals("~") || s.startsWith("~/") ? HOME + s.substring(1) : s;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < in.length(); i++) {
            char c = in.charAt(i);
            if (c == '%' && i + 1 < in.length()) {
                char k = in.charAt(++i);
                sb.append(k == '%' ? "%" : tokens.getOrDefault(k, "%" + k));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String one(Map<String, List<String>> g, String key) {
        List<String> v = g.get(key);
        return v == null ? null : v.get(0);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(e -> out.add(e.asText()));
        return out;
    }
}
