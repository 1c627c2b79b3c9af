package dev.netune.inventory;

import dev.netune.inventory.SshConfigLines.Kind;
import dev.netune.inventory.SshConfigLines.Line;
import dev.netune.profile.Problem;
import dev.netune.profile.Problems;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An OpenSSH client configuration (the user's {@code ~/.ssh/config}, then
 * {@code /etc/ssh/ssh_config}) resolved for one host the way {@code ssh -G} resolves it: the
 * first value obtained for a keyword wins, over the files in order and every matching
 * {@code Host}/{@code Match} block; IdentityFile accumulates; ProxyJump and ProxyCommand share
 * one slot; {@code Match final} asks for a second pass in which {@code Host} patterns see the
 * HostName; values the inventory gives act as ssh's command-line options (they come first and
 * {@code Match user} sees them). Keywords that would change where or how ssh connects and that
 * netune does not implement are refused per host ({@link SshKeywords#REFUSED}); so are Match
 * criteria netune cannot evaluate ({@code exec}, {@code localnetwork}, ...).
 *
 * <p>Own parser rather than JSch's {@code OpenSSHConfig}: that one keeps quotes, ignores
 * {@code Include} and {@code Match}, and cannot say on which line a bad value is.
 */
public final class SshConfig {
    /** OpenSSH's identity files when none is configured, in its order. */
    static final List<String> DEFAULT_IDENTITIES = List.of("~/.ssh/id_rsa", "~/.ssh/id_ecdsa", "~/.ssh/id_ecdsa_sk",
            "~/.ssh/id_ed25519", "~/.ssh/id_ed25519_sk", "~/.ssh/id_xmss", "~/.ssh/id_dsa");
    static final List<String> DEFAULT_USER_KNOWN_HOSTS = List.of("~/.ssh/known_hosts", "~/.ssh/known_hosts2");
    static final List<String> DEFAULT_GLOBAL_KNOWN_HOSTS =
            List.of("/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2");

    private final SshConfigLines lines;
    private final Path file;
    private final Problems problems;

    private SshConfig(SshConfigLines lines, Path file, Problems problems) {
        this.lines = lines;
        this.file = file;
        this.problems = problems;
    }

    /** One file, as {@code ssh -F file}: relative Includes are relative to ~/.ssh. */
    public static SshConfig parse(Path file, Problems problems) {
        return parse(List.of(file), List.of(sshDir()), problems);
    }

    /** The user's file, then the system's ({@code /etc/ssh}-relative Includes), as ssh reads them. */
    public static SshConfig parse(Path user, Path system, Problems problems) {
        List<Path> files = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        if (user != null) {
            files.add(user);
            dirs.add(sshDir());
        }
        if (system != null) {
            files.add(system);
            dirs.add(system.toAbsolutePath().getParent());
        }
        return parse(files, dirs, problems);
    }

    private static SshConfig parse(List<Path> files, List<Path> dirs, Problems problems) {
        return new SshConfig(SshConfigLines.read(files, dirs, problems), files.isEmpty() ? null : files.get(0), problems);
    }

    static Path sshDir() {
        return Path.of(SshTokens.home(), ".ssh");
    }

    public Path file() {
        return file;
    }

    /** Things that were ignored (lines without a keyword), "file:line: message". */
    public List<String> warnings() {
        return List.copyOf(lines.warnings());
    }

    /** The settings for {@code alias} with nothing given on the command line. */
    public SshResolved resolve(String alias) {
        return resolve(alias, Map.of());
    }

    /**
     * The settings for {@code alias}; {@code preset} are values given as ssh's {@code -o
     * Keyword=value} (keyword lower case to its arguments), which win over the files. Problems
     * (refused keywords, bad values) are added to the problems with the file and line.
     */
    public SshResolved resolve(String alias, Map<String, List<String>> preset) {
        Pass p = new Pass(preset);
        p.run(alias, alias, false);
        if (p.wantFinal) {
            p.run(hostName(p, alias), alias, true);
        }
        return SshResolved.of(alias, hostName(p, alias), p.values, p.identities, p.from, this::problem);
    }

    /** HostName with %h (the alias) and %% expanded, lower-cased as ssh does; the alias without one. */
    private static String hostName(Pass p, String alias) {
        List<String> h = p.values.get("hostname");
        String host = h == null ? alias : h.get(0).replace("%%", "\u0000").replace("%h", alias).replace('\u0000', '%');
        return host.toLowerCase(Locale.ROOT);
    }

    private void problem(Line at, String message) {
        problems.add(new Problem(at == null ? null : at.file(), at == null ? 0 : at.line(), 1, "", message));
    }

    /** One reading of all lines, keeping the first value of each keyword. */
    private final class Pass {
        final Map<String, List<String>> values = new HashMap<>();
        final List<String> identities = new ArrayList<>();
        final Map<String, Line> from = new HashMap<>();
        boolean wantFinal;

        Pass(Map<String, List<String>> preset) {
            preset.forEach((k, v) -> {
                if (k.equals("identityfile")) {
                    v.forEach(this::identity);
                } else {
                    values.put(k, v);
                }
            });
        }

        void run(String host, String original, boolean finalPass) {
            boolean active = true;
            boolean never = false;
            Deque<boolean[]> stack = new ArrayDeque<>();
            for (Line l : lines.lines()) {
                switch (l.kind()) {
                    case FILE -> {
                        active = true;
                        never = false;
                        stack.clear();
                    }
                    case HOST -> active = !never && SshPatterns.hostLine(l.args(), host);
                    case MATCH -> active = !never && match(l, host, original, finalPass);
                    case INCLUDE -> {
                        stack.push(new boolean[] {active, never});
                        never = never || !active; // an include under a block that does not apply never applies
                    }
                    case END_INCLUDE -> {
                        boolean[] saved = stack.pop();
                        active = saved[0];
                        never = saved[1];
                    }
                    case SETTING -> {
                        if (active) {
                            apply(l);
                        }
                    }
                }
            }
        }

        private void identity(String file) {
            if (!identities.contains(file)) {
                identities.add(file);
            }
        }

        private void apply(Line l) {
            String k = l.keyword();
            if (SshKeywords.REFUSED.contains(k)) {
                if (!SshKeywords.harmless(k, l.args().get(0))) {
                    problem(l, "'" + k + "' is not supported by netune and would change how ssh connects to or"
                            + " verifies this host; remove it for the hosts netune reaches");
                }
                return;
            }
            boolean multi = k.equals("userknownhostsfile") || k.equals("globalknownhostsfile");
            if (!multi && l.args().size() > 1 && (SshKeywords.READ.contains(k) || SshKeywords.ACCUMULATE.contains(k))) {
                problem(l, "'" + k + "' takes one value; extra arguments at the end of the line");
                return;
            }
            if (SshKeywords.ACCUMULATE.contains(k)) {
                from.putIfAbsent(k, l);
                identity(l.args().get(0));
            } else if (SshKeywords.READ.contains(k)) {
                boolean proxy = k.equals("proxyjump") || k.equals("proxycommand");
                if (proxy ? values.containsKey("proxyjump") || values.containsKey("proxycommand") : values.containsKey(k)) {
                    return;
                }
                values.put(k, l.args());
                from.put(k, l);
            }
        }

        /** Every criterion of a Match line, as readconf.c's match_cfg_line; exec and the like are refused. */
        private boolean match(Line l, String host, String original, boolean finalPass) {
            List<String> args = l.args();
            boolean result = true;
            String criteriaHost = values.containsKey("hostname") ? hostNameFor(host) : host;
            String ruser = values.containsKey("user") ? values.get("user").get(0) : SshTokens.localUser();
            for (int i = 0; i < args.size(); i++) {
                String attrib = args.get(i).toLowerCase(Locale.ROOT);
                boolean negate = attrib.startsWith("!");
                attrib = negate ? attrib.substring(1) : attrib;
                boolean r;
                if (attrib.equals("all")) {
                    r = true;
                } else if (attrib.equals("canonical") || attrib.equals("final")) {
                    wantFinal |= attrib.equals("final");
                    r = finalPass;
                } else if (i + 1 >= args.size()) {
                    problem(l, "Match criterion '" + (SshKeywords.MATCH_CRITERIA.contains(attrib) ? attrib : "?")
                            + "' needs an argument");
                    return false;
                } else {
                    String arg = args.get(++i);
                    switch (attrib) {
                        case "host" -> r = SshPatterns.list(arg, criteriaHost, true);
                        case "originalhost" -> r = SshPatterns.list(arg, original, true);
                        case "user" -> r = SshPatterns.list(arg, ruser, false);
                        case "localuser" -> r = SshPatterns.list(arg, SshTokens.localUser(), false);
                        default -> {
                            if (result) { // ssh skips the rest once a criterion failed
                                problem(l, "'Match " + (SshKeywords.MATCH_CRITERIA.contains(attrib) ? attrib : "?")
                                        + "' cannot be evaluated by netune; it decides how this host is reached");
                            }
                            return false;
                        }
                    }
                }
                result &= negate != r;
            }
            return result;
        }

        private String hostNameFor(String host) {
            String h = values.get("hostname").get(0);
            return h.replace("%%", "\u0000").replace("%h", host).replace('\u0000', '%').toLowerCase(Locale.ROOT);
        }
    }
}
