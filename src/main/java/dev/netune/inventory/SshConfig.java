package dev.netune.inventory;

import dev.netune.profile.IoErrors;
import dev.netune.profile.Problem;
import dev.netune.profile.Problems;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The part of an OpenSSH client config ({@code ~/.ssh/config}) netune uses: for a host alias,
 * HostName, Port, User, IdentityFile, UserKnownHostsFile and ProxyJump, with OpenSSH's rules:
 * keywords are case-insensitive, {@code Keyword value} or {@code Keyword=value}, arguments may be
 * double-quoted, the first value obtained for a keyword wins (in file order over the global part
 * and every matching {@code Host}/{@code Match} block), {@code Host} patterns use {@code *},
 * {@code ?} and {@code !negation}, {@code Include} (globs, relative to ~/.ssh) is followed.
 *
 * <p>Own parser rather than JSch's {@code OpenSSHConfig}: that one keeps the {@code =} of
 * {@code HostName = x} in the value, keeps quotes, ignores {@code Include} and {@code Match}, and
 * cannot say on which line a bad value is. {@code Match} supports {@code all}, {@code host} and
 * {@code originalhost}; a block with any other criterion (exec, user, ...) cannot be evaluated
 * here and is skipped with a warning.
 */
public final class SshConfig {
    /** The keywords netune reads (lower case). */
    static final List<String> KEYWORDS =
            List.of("hostname", "port", "user", "identityfile", "userknownhostsfile", "proxyjump");

    /**
     * Every keyword of OpenSSH's ssh_config (lower case), current and deprecated. Only these are
     * ever named in messages: an inventory may point {@code sshConfig} at any file, and the words
     * of a credentials file must not end up in a CI log.
     */
    static final Set<String> OPENSSH_KEYWORDS = Set.of(
            "host", "match", "include", "addkeystoagent", "addressfamily", "batchmode", "bindaddress",
            "bindinterface", "canonicaldomains", "canonicalizefallbacklocal", "canonicalizehostname",
            "canonicalizemaxdots", "canonicalizepermittedcnames", "casignaturealgorithms", "certificatefile",
            "channeltimeout", "checkhostip", "ciphers", "clearallforwardings", "compression",
            "connectionattempts", "connecttimeout", "controlmaster", "controlpath", "controlpersist",
            "dynamicforward", "enableescapecommandline", "enablesshkeysign", "escapechar", "exitonforwardfailure",
            "fingerprinthash", "forkafterauthentication", "forwardagent", "forwardx11", "forwardx11timeout",
            "forwardx11trusted", "gatewayports", "globalknownhostsfile", "gssapiauthentication",
            "gssapidelegatecredentials", "hashknownhosts", "hostbasedacceptedalgorithms", "hostbasedauthentication",
            "hostbasedkeytypes", "hostkeyalgorithms", "hostkeyalias", "hostname", "identitiesonly", "identityagent",
            "identityfile", "ignoreunknown", "ipqos", "kbdinteractiveauthentication", "kbdinteractivedevices",
            "kexalgorithms", "knownhostscommand", "localcommand", "localforward", "loglevel", "logverbose", "macs",
            "nohostauthenticationforlocalhost", "numberofpasswordprompts", "obscurekeystroketiming",
            "passwordauthentication", "permitlocalcommand", "permitremoteopen", "pkcs11provider", "port",
            "preferredauthentications", "proxycommand", "proxyjump", "proxyusefdpass", "pubkeyacceptedalgorithms",
            "pubkeyacceptedkeytypes", "pubkeyauthentication", "rekeylimit", "remotecommand", "remoteforward",
            "requesttty", "requiredrsasize", "revokedhostkeys", "securitykeyprovider", "sendenv", "serveralivecountmax",
            "serveraliveinterval", "sessiontype", "setenv", "stdinnull", "streamlocalbindmask",
            "streamlocalbindunlink", "stricthostkeychecking", "syslogfacility", "tag", "tcpkeepalive", "tunnel",
            "tunneldevice", "updatehostkeys", "user", "userknownhostsfile", "verifyhostkeydns", "visualhostkey",
            "xauthlocation", "protocol", "cipher", "rsaauthentication", "rhostsrsaauthentication",
            "challengeresponseauthentication", "skeyauthentication", "tisauthentication", "useprivilegedport",
            "useroaming", "usekeychain", "gssapikeyexchange", "gssapiclientidentity", "gssapiserveridentity",
            "gssapirenewalforcesrekey", "gssapitrustdns", "pubkeyauthoptions", "persourcemaxstartups",
            "persourcenetblocksize", "compressionlevel", "fallbacktorsh", "usersh", "smartcarddevice");

    /** Match criteria OpenSSH knows, the only words of a Match line named in a warning. */
    private static final Set<String> MATCH_CRITERIA = Set.of("all", "canonical", "final", "exec", "localnetwork",
            "host", "originalhost", "tagged", "user", "localuser", "version", "sessiontype", "command", "address",
            "localaddress", "localport", "rdomain");

    /** One setting line. */
    record Setting(String keyword, List<String> args, Path file, int line) {
    }

    /** A Host or Match block (the global part is a block that matches everything). */
    private record Block(List<String> patterns, boolean all, boolean never, List<Setting> settings) {
        boolean matches(String alias) {
            if (never) {
                return false;
            }
            if (all) {
                return true;
            }
            boolean positive = false;
            for (String p : patterns) {
                boolean negate = p.startsWith("!");
                String pattern = negate ? p.substring(1) : p;
                if (glob(pattern).matcher(alias.toLowerCase(Locale.ROOT)).matches()) {
                    if (negate) {
                        return false;
                    }
                    positive = true;
                }
            }
            return positive;
        }
    }

    /**
     * What the config says for one alias; null fields are not set. Lines point at where each value
     * came from, for messages.
     */
    public record Resolved(String hostName, Integer port, String user, String identityFile, String knownHostsFile,
                           String proxyJump, Map<String, Setting> from) {
        static final Resolved NONE = new Resolved(null, null, null, null, null, null, Map.of());

        /** "~/.ssh/config:12" for a keyword's value, or "". */
        public String where(String keyword) {
            Setting s = from.get(keyword);
            return s == null ? "" : s.file() + ":" + s.line();
        }
    }

    private static final int MAX_INCLUDE_DEPTH = 16;
    /** Far above any real ssh config; a file named by mistake is not read into memory whole. */
    private static final long MAX_BYTES = 16L << 20;

    private final Path file;
    private final List<Block> blocks = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Problems problems;

    private SshConfig(Path file, Problems problems) {
        this.file = file;
        this.problems = problems;
    }

    /** Parses {@code file}; problems (unreadable, bad Port, ...) are added with file:line. */
    public static SshConfig parse(Path file, Problems problems) {
        SshConfig c = new SshConfig(file, problems);
        c.blocks.add(new Block(List.of(), true, false, new ArrayList<>()));
        c.read(file, 0);
        return c;
    }

    public Path file() {
        return file;
    }

    /** Things that were ignored (unsupported Match criteria), "file:line: message". */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    private void read(Path path, int depth) {
        int unknown = 0;
        int firstUnknown = 0;
        List<String> lines;
        try {
            if (Files.size(path) > MAX_BYTES) {
                problems.add(new Problem(path, 0, 0, "", "larger than " + (MAX_BYTES >> 20)
                        + " MiB; is this an ssh config file?"));
                return;
            }
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            problems.add(new Problem(path, 0, 0, "", "cannot read ssh config: " + IoErrors.reason(e)));
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> words;
            try {
                words = split(line);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(path, lineNo, 1, "", e.getMessage()));
                continue;
            }
            if (words.isEmpty()) {
                continue;
            }
            String keyword = words.get(0).toLowerCase(Locale.ROOT);
            List<String> args = words.subList(1, words.size());
            switch (keyword) {
                case "host" -> blocks.add(new Block(List.copyOf(args.stream()
                        .map(a -> a.toLowerCase(Locale.ROOT)).toList()), false, false, new ArrayList<>()));
                case "match" -> blocks.add(match(args, path, lineNo));
                case "include" -> {
                    if (depth >= MAX_INCLUDE_DEPTH) {
                        problems.add(new Problem(path, lineNo, 1, "", "Include nested too deeply (a loop?)"));
                        continue;
                    }
                    for (String arg : args) {
                        for (Path inc : includes(arg)) {
                            read(inc, depth + 1);
                        }
                    }
                }
                default -> {
                    if (!OPENSSH_KEYWORDS.contains(keyword)) {
                        // counted, not echoed: the line may be a secret of a file that is no ssh config
                        unknown++;
                        firstUnknown = firstUnknown == 0 ? lineNo : firstUnknown;
                    } else if (args.isEmpty()) {
                        problems.add(new Problem(path, lineNo, 1, "", "'" + words.get(0) + "' needs a value"));
                    } else if (KEYWORDS.contains(keyword)) {
                        current().settings.add(new Setting(keyword, List.copyOf(args), path, lineNo));
                    }
                }
            }
        }
        if (unknown > 0) {
            warnings.add(path + ":" + firstUnknown + ": " + unknown + " line(s) without an ssh_config keyword"
                    + " ignored (is this an ssh config file?)");
        }
    }

    private Block current() {
        return blocks.get(blocks.size() - 1);
    }

    private Block match(List<String> args, Path path, int line) {
        List<String> patterns = new ArrayList<>();
        boolean all = false;
        for (int i = 0; i < args.size(); i++) {
            String criterion = args.get(i).toLowerCase(Locale.ROOT);
            if (criterion.equals("all")) {
                all = true;
            } else if ((criterion.equals("host") || criterion.equals("originalhost")) && i + 1 < args.size()) {
                for (String p : args.get(++i).split(",")) {
                    patterns.add(p.toLowerCase(Locale.ROOT));
                }
            } else {
                // the criterion is named only if OpenSSH knows it: the file may be no ssh config
                warnings.add(path + ":" + line + ": " + (MATCH_CRITERIA.contains(criterion) ? "'Match " + criterion
                        + "'" : "this Match") + " cannot be evaluated by netune; the settings of this block are ignored");
                return new Block(List.of(), false, true, new ArrayList<>());
            }
        }
        return new Block(patterns, all && patterns.isEmpty(), false, new ArrayList<>());
    }

    private List<Path> includes(String arg) {
        String expanded = expandTilde(arg);
        Path p = Path.of(expanded);
        if (!p.isAbsolute()) {
            p = Path.of(System.getProperty("user.home"), ".ssh").resolve(p);
        }
        String name = p.getFileName().toString();
        if (!name.contains("*") && !name.contains("?")) {
            return Files.isRegularFile(p) ? List.of(p) : List.of(); // OpenSSH ignores missing includes
        }
        List<Path> out = new ArrayList<>();
        Path dir = p.getParent();
        if (dir != null && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name)) {
                ds.forEach(out::add);
            } catch (IOException e) {
                return List.of();
            }
        }
        out.sort(null);
        return out;
    }

    /** The settings for {@code alias} (the name netune would pass to ssh). */
    public Resolved resolve(String alias) {
        Map<String, Setting> first = new HashMap<>();
        for (Block b : blocks) {
            if (!b.matches(alias)) {
                continue;
            }
            for (Setting s : b.settings) {
                first.putIfAbsent(s.keyword(), s);
            }
        }
        if (first.isEmpty()) {
            return Resolved.NONE;
        }
        String hostName = value(first, "hostname", alias);
        Integer port = null;
        Setting ps = first.get("port");
        if (ps != null) {
            try {
                port = Integer.parseInt(ps.args().get(0));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                problems.add(new Problem(ps.file(), ps.line(), 1, "", "Port must be a number 1..65535"));
                port = null;
            }
        }
        return new Resolved(hostName == null ? null : tokens(hostName, alias, null),
                port, value(first, "user", alias),
                value(first, "identityfile", alias) == null ? null
                        : expandTilde(tokens(value(first, "identityfile", alias), alias, null)),
                value(first, "userknownhostsfile", alias) == null ? null
                        : expandTilde(tokens(value(first, "userknownhostsfile", alias), alias, null)),
                value(first, "proxyjump", alias), Map.copyOf(first));
    }

    private static String value(Map<String, Setting> first, String keyword, String alias) {
        Setting s = first.get(keyword);
        return s == null ? null : s.args().get(0);
    }

    /** OpenSSH's % tokens that make sense here: %h host, %n alias, %d home, %u local user, %%. */
    static String tokens(String s, String alias, String remoteUser) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%' || i + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char t = s.charAt(++i);
            switch (t) {
                case '%' -> sb.append('%');
                case 'h', 'n' -> sb.append(alias);
                case 'd' -> sb.append(System.getProperty("user.home"));
                case 'u' -> sb.append(System.getProperty("user.name"));
                case 'r' -> sb.append(remoteUser == null ? System.getProperty("user.name") : remoteUser);
                default -> sb.append('%').append(t);
            }
        }
        return sb.toString();
    }

    static String expandTilde(String p) {
        if (p.equals("~") || p.startsWith("~/")) {
            return System.getProperty("user.home") + p.substring(1);
        }
        return p;
    }

    /** Words of a line: {@code Keyword=value} or {@code Keyword value}; double quotes group. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        int i = 0;
        // the keyword ends at whitespace or '='
        int k = 0;
        while (k < line.length() && !Character.isWhitespace(line.charAt(k)) && line.charAt(k) != '=') {
            k++;
        }
        words.add(line.substring(0, k));
        i = k;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        if (i < line.length() && line.charAt(i) == '=') {
            i++;
        }
        StringBuilder cur = null;
        boolean quoted = false;
        for (; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                if (cur == null) {
                    cur = new StringBuilder();
                }
            } else if (Character.isWhitespace(c) && !quoted) {
                if (cur != null) {
                    words.add(cur.toString());
                    cur = null;
                }
            } else if (c == '#' && !quoted && cur == null) {
                break; // trailing comment
            } else {
                if (cur == null) {
                    cur = new StringBuilder();
                }
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unbalanced double quote");
        }
        if (cur != null) {
            words.add(cur.toString());
        }
        return words;
    }

    private static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
