package dev.netune.inventory;

import dev.netune.profile.IoErrors;
import dev.netune.profile.Problem;
import dev.netune.profile.Problems;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lines of ssh client config files, read as OpenSSH's readconf.c reads them, with every
 * {@code Include} replaced by the lines of the files it names between an {@link Kind#INCLUDE}
 * and an {@link Kind#END_INCLUDE} (the matching state around an include is restored after it).
 * Keywords are lower-cased; {@code Keyword value} or {@code Keyword=value}; double quotes group.
 * Values are never put into messages: a file named by mistake may hold secrets.
 */
final class SshConfigLines {
    enum Kind { FILE, HOST, MATCH, SETTING, INCLUDE, END_INCLUDE }

    /** One line; {@code keyword} lower case. */
    record Line(Kind kind, String keyword, List<String> args, Path file, int line) {
        String where() {
            return file + ":" + line;
        }
    }

    /** Keywords whose value is the rest of the line, unsplit. */
    private static final java.util.Set<String> COMMANDS = java.util.Set.of("proxycommand", "localcommand",
            "knownhostscommand", "remotecommand");
    private static final int MAX_INCLUDE_DEPTH = 16;
    /** Far above any real ssh config; a file named by mistake is not read into memory whole. */
    private static final long MAX_BYTES = 16L << 20;

    private final List<Line> lines = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Problems problems;

    private SshConfigLines(Problems problems) {
        this.problems = problems;
    }

    /**
     * The lines of each file in order (the user's config, then the system-wide one), each
     * starting with a {@link Kind#FILE} line: every file starts out matching, as in ssh.
     * {@code includeDirs}: the directory relative Include paths of each file are resolved in.
     */
    static SshConfigLines read(List<Path> files, List<Path> includeDirs, Problems problems) {
        SshConfigLines c = new SshConfigLines(problems);
        for (int i = 0; i < files.size(); i++) {
            c.lines.add(new Line(Kind.FILE, "", List.of(), files.get(i), 0));
            c.read(files.get(i), includeDirs.get(i), 0);
        }
        return c;
    }

    List<Line> lines() {
        return lines;
    }

    List<String> warnings() {
        return warnings;
    }

    private void read(Path path, Path includeDir, int depth) {
        int unknown = 0;
        int firstUnknown = 0;
        List<String> text;
        try {
            if (Files.size(path) > MAX_BYTES) {
                problems.add(new Problem(path, 0, 0, "", "larger than " + (MAX_BYTES >> 20)
                        + " MiB; is this an ssh config file?"));
                return;
            }
            text = Files.readAllLines(path);
        } catch (IOException | java.io.UncheckedIOException e) {
            problems.add(new Problem(path, 0, 0, "", "cannot read ssh config: "
                    + (e instanceof IOException io ? IoErrors.reason(io) : "not text")));
            return;
        }
        for (int i = 0; i < text.size(); i++) {
            int lineNo = i + 1;
            String line = text.get(i).strip();
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
            String keyword = words.get(0).toLowerCase(Locale.ROOT);
            List<String> args = List.copyOf(words.subList(1, words.size()));
            if (COMMANDS.contains(keyword) && !args.isEmpty()) {
                args = List.of(rest(line)); // ssh takes a command's line as written, quotes and all
            }
            if (!SshKeywords.ALL.contains(keyword)) {
                // counted, not echoed: the line may be a secret of a file that is no ssh config
                unknown++;
                firstUnknown = firstUnknown == 0 ? lineNo : firstUnknown;
                continue;
            }
            if (args.isEmpty()) {
                problems.add(new Problem(path, lineNo, 1, "", "'" + keyword + "' needs a value"));
                continue;
            }
            switch (keyword) {
                case "host" -> lines.add(new Line(Kind.HOST, keyword, args, path, lineNo));
                case "match" -> lines.add(new Line(Kind.MATCH, keyword, args, path, lineNo));
                case "include" -> {
                    if (depth >= MAX_INCLUDE_DEPTH) {
                        problems.add(new Problem(path, lineNo, 1, "", "Include nested too deeply (a loop?)"));
                        continue;
                    }
                    lines.add(new Line(Kind.INCLUDE, keyword, args, path, lineNo));
                    for (String arg : args) {
                        for (Path inc : includes(arg, includeDir)) {
                            read(inc, includeDir, depth + 1);
                        }
                    }
                    lines.add(new Line(Kind.END_INCLUDE, keyword, args, path, lineNo));
                }
                default -> lines.add(new Line(Kind.SETTING, keyword, args, path, lineNo));
            }
        }
        if (unknown > 0) {
            warnings.add(path + ":" + firstUnknown + ": " + unknown + " line(s) without an ssh_config keyword"
                    + " ignored (is this an ssh config file?)");
        }
    }

    /** The files an Include argument names, sorted as glob(3) sorts; missing ones are skipped as in ssh. */
    private static List<Path> includes(String arg, Path includeDir) {
        String expanded = arg.equals("~") || arg.startsWith("~/") ? SshTokens.home() + arg.substring(1) : arg;
        Path p = Path.of(expanded);
        if (!p.isAbsolute()) {
            p = includeDir.resolve(p);
        }
        String name = p.getFileName().toString();
        if (!name.contains("*") && !name.contains("?") && !name.contains("[")) {
            return Files.isRegularFile(p) ? List.of(p) : List.of();
        }
        List<Path> out = new ArrayList<>();
        Path dir = p.getParent();
        if (dir != null && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name)) {
                ds.forEach(f -> {
                    if (Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")) {
                        out.add(f);
                    }
                });
            } catch (IOException | RuntimeException e) {
                return List.of();
            }
        }
        out.sort(null);
        return out;
    }

    /** What follows the keyword and its separator. */
    private static String rest(String line) {
        int k = 0;
        while (k < line.length() && !Character.isWhitespace(line.charAt(k)) && line.charAt(k) != '=') {
            k++;
        }
        while (k < line.length() && Character.isWhitespace(line.charAt(k))) {
            k++;
        }
        if (k < line.length() && line.charAt(k) == '=') {
            k++;
        }
        return line.substring(k).strip();
    }

    /** Words of a line: {@code Keyword=value} or {@code Keyword value}; double quotes group. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        int k = 0;
        while (k < line.length() && !Character.isWhitespace(line.charAt(k)) && line.charAt(k) != '=') {
            k++;
        }
        words.add(line.substring(0, k));
        int i = k;
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
}
