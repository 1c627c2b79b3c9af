package dev.netune.inventory;

import dev.netune.inventory.AnsibleVar.Origin;
import dev.netune.profile.Suggest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's INI inventory format: {@code [group]} host lines with {@code key=value} variables,
 * {@code [group:vars]} and {@code [group:children]}, {@code host:port}, ranges, comments.
 */
final class AnsibleIni {
    private static final java.util.regex.Pattern V6_HOST =
            java.util.regex.Pattern.compile("\\[[0-9A-Fa-f]*:[0-9A-Fa-f:.]*]:\\d+(\\s.*)?");
    private final Path file;
    private final AnsibleModel model;
    private final AnsibleText text;

    AnsibleIni(Path file, AnsibleModel model, AnsibleText text) {
        this.file = file;
        this.model = model;
        this.text = text;
    }

    void load(String content) {
        String[] lines = content.split("\r?\n", -1);
        String section = "ungrouped";
        String kind = "hosts";
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            Origin at = new Origin(file, lineNo, 1, "");
            // "[2001:db8::1]:2222 x=1" is a host line, not a section
            if (line.startsWith("[") && !V6_HOST.matcher(line).matches()) {
                String header = AnsibleText.stripComment(line).strip(); // "[web]  # comment"
                if (!header.endsWith("]")) {
                    model.problem(at, "section header '" + header + "' has no closing ']'");
                    section = null;
                    continue;
                }
                String inner = header.substring(1, header.length() - 1).strip();
                int colon = inner.indexOf(':');
                section = colon < 0 ? inner : inner.substring(0, colon);
                kind = colon < 0 ? "hosts" : inner.substring(colon + 1);
                if (!kind.equals("hosts") && !kind.equals("vars") && !kind.equals("children")) {
                    model.problem(at, "unknown section type ':" + kind + "'" + Suggest.hint(kind, List.of("vars", "children"))
                            + "; sections are [group], [group:vars] or [group:children]");
                    section = null;
                    continue;
                }
                if (!AnsibleInventory.NAME.matcher(section).matches()) {
                    model.problem(at, "group name '" + section + "' must be letters, digits, '.', '_' or '-'");
                    section = null;
                    continue;
                }
                model.group(section);
                continue;
            }
            if (section == null) {
                continue; // under a broken header: already reported
            }
            switch (kind) {
                case "vars" -> {
                    int eq = line.indexOf('=');
                    if (eq <= 0) {
                        model.problem(at, "expected key=value in [" + section + ":vars], found '" + line + "'");
                        continue;
                    }
                    String key = line.substring(0, eq).strip();
                    String value = AnsibleText.unquote(AnsibleText.stripComment(line.substring(eq + 1)).strip());
                    model.groupVar(section, key, AnsibleVar.of(value, new Origin(file, lineNo, eq + 2,
                            section + ":vars." + key)));
                }
                case "children" -> {
                    String child = AnsibleText.stripComment(line).strip();
                    if (!AnsibleInventory.NAME.matcher(child).matches()) {
                        model.problem(at, "group name '" + child + "' must be letters, digits, '.', '_' or '-'");
                        continue;
                    }
                    model.group(child);
                    model.link(section, child, at);
                }
                default -> hostLine(section, line, lineNo);
            }
        }
    }

    private void hostLine(String group, String line, int lineNo) {
        List<String> words;
        try {
            words = AnsibleText.shellWords(AnsibleText.stripComment(line));
        } catch (IllegalArgumentException e) {
            model.problem(new Origin(file, lineNo, 1, ""), e.getMessage());
            return;
        }
        if (words.isEmpty()) {
            return;
        }
        String[] hp = AnsibleText.hostPort(words.get(0));
        String pattern = hp[0];
        Map<String, AnsibleVar> vars = new LinkedHashMap<>();
        if (hp[1] != null) { // "web-1:2222" is Ansible's short form of ansible_port
            vars.put("ansible_port", AnsibleVar.of(hp[1], new Origin(file, lineNo, 1, pattern)));
        }
        int column = line.indexOf(words.get(0)) + words.get(0).length() + 2;
        for (String w : words.subList(1, words.size())) {
            int eq = w.indexOf('=');
            int col = Math.max(1, line.indexOf(w, column - 2) + 1);
            if (eq <= 0) {
                model.problem(new Origin(file, lineNo, col, ""), "expected key=value after host '" + pattern
                        + "', found '" + w + "'");
                continue;
            }
            String key = w.substring(0, eq);
            vars.put(key, AnsibleVar.of(w.substring(eq + 1), new Origin(file, lineNo, col, pattern + "." + key)));
        }
        for (String name : text.expand(pattern, new Origin(file, lineNo, 1, ""))) {
            AnsibleInventory.addHost(model, group, name, vars, new Origin(file, lineNo, 1, name));
        }
    }
}
