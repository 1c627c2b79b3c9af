package dev.netune.inventory;

import dev.netune.inventory.SshConfigLines.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What ssh would use for one host, as {@code ssh -G} prints it, with {@code ~} and {@code %}
 * tokens expanded as ssh expands them when it uses each value.
 *
 * @param hostName          where to connect (lower case, as ssh)
 * @param identityFiles     in the order they are tried; OpenSSH's defaults when none is set
 * @param defaultIdentities whether {@code identityFiles} are those defaults (missing ones are skipped)
 * @param identityAgent     a socket path, {@code SSH_AUTH_SOCK}, {@code none}, or null (SSH_AUTH_SOCK)
 * @param proxyJump         the ProxyJump as written, or null
 * @param proxyCommand      the ProxyCommand with its tokens expanded, or null
 * @param connectTimeout    seconds, or null for none
 * @param from              the line each keyword's value came from (absent: default or preset)
 */
public record SshResolved(String alias, String hostName, int port, String user, List<String> identityFiles,
                          boolean defaultIdentities, boolean identitiesOnly, String identityAgent, String proxyJump,
                          String proxyCommand, List<String> userKnownHostsFiles, List<String> globalKnownHostsFiles,
                          Integer connectTimeout, boolean hashKnownHosts, Map<String, Line> from) {
    public SshResolved {
        identityFiles = List.copyOf(identityFiles);
        userKnownHostsFiles = List.copyOf(userKnownHostsFiles);
        globalKnownHostsFiles = List.copyOf(globalKnownHostsFiles);
        from = Map.copyOf(from);
    }

    /** "~/.ssh/config:12" for a keyword's value, or "". */
    public String where(String keyword) {
        Line s = from.get(keyword);
        return s == null ? "" : s.where();
    }

    static SshResolved of(String alias, String host, Map<String, List<String>> values, List<String> identities,
                          Map<String, Line> from, BiConsumer<Line, String> problem) {
        int port = 22;
        if (values.containsKey("port")) {
            try {
                port = Integer.parseInt(values.get("port").get(0));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                problem.accept(from.get("port"), "Port must be a number 1..65535");
            }
        }
        String user = values.containsKey("user") ? values.get("user").get(0) : SshTokens.localUser();
        String jump = values.containsKey("proxyjump") && !values.get("proxyjump").get(0).equalsIgnoreCase("none")
                ? values.get("proxyjump").get(0) : null;
        Map<Character, String> tokens = SshTokens.of(host, alias, port, user, jump);
        boolean defaults = identities.isEmpty();
        List<String> ids = expand(defaults ? SshConfig.DEFAULT_IDENTITIES : identities, tokens, from.get("identityfile"),
                problem);
        String agent = values.containsKey("identityagent") ? values.get("identityagent").get(0) : null;
        if (agent != null && !agent.equals("none") && !agent.equals("SSH_AUTH_SOCK")) {
            agent = agent.startsWith("$") ? System.getenv(agent.substring(1))
                    : one(agent, tokens, from.get("identityagent"), problem);
        }
        String command = values.containsKey("proxycommand") && !values.get("proxycommand").get(0).equalsIgnoreCase("none")
                ? values.get("proxycommand").get(0) : null;
        if (command != null) {
            // ssh expands only these in ProxyCommand
            command = one(command, Map.of('h', host, 'n', alias, 'p', Integer.toString(port), 'r', user),
                    from.get("proxycommand"), problem);
        }
        List<String> userKnown = known(values.get("userknownhostsfile"), SshConfig.DEFAULT_USER_KNOWN_HOSTS, tokens,
                from.get("userknownhostsfile"), problem);
        List<String> globalKnown = known(values.get("globalknownhostsfile"), SshConfig.DEFAULT_GLOBAL_KNOWN_HOSTS,
                tokens, from.get("globalknownhostsfile"), problem);
        Integer timeout = null;
        if (values.containsKey("connecttimeout") && !values.get("connecttimeout").get(0).equalsIgnoreCase("none")) {
            try {
                timeout = Integer.parseInt(values.get("connecttimeout").get(0));
            } catch (NumberFormatException e) {
                problem.accept(from.get("connecttimeout"), "ConnectTimeout must be a number of seconds or none");
            }
        }
        return new SshResolved(alias, host, port, user, ids, defaults, yes(values, "identitiesonly"), agent, jump,
                command, userKnown, globalKnown, timeout, yes(values, "hashknownhosts"), from);
    }

    private static boolean yes(Map<String, List<String>> values, String keyword) {
        List<String> v = values.get(keyword);
        return v != null && Boolean.TRUE.equals(switch (v.get(0).toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> true;
            default -> false;
        });
    }

    private static List<String> known(List<String> set, List<String> defaults, Map<Character, String> tokens,
                                      Line at, BiConsumer<Line, String> problem) {
        if (set != null && set.size() == 1 && set.get(0).equalsIgnoreCase("none")) {
            return List.of();
        }
        return expand(set == null ? defaults : set, tokens, at, problem);
    }

    private static List<String> expand(List<String> raw, Map<Character, String> tokens, Line at,
                                       BiConsumer<Line, String> problem) {
        List<String> out = new ArrayList<>();
        for (String r : raw) {
            String e = one(r, tokens, at, problem);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    private static String one(String raw, Map<Character, String> tokens, Line at, BiConsumer<Line, String> problem) {
        try {
            return SshTokens.expand(raw, tokens);
        } catch (IllegalArgumentException e) {
            problem.accept(at, e.getMessage());
            return null;
        }
    }
}
