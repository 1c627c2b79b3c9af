package dev.netune.setting.limits;

import dev.netune.profile.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validation of the {@code limits:} key: every problem reported at its file:line:col. */
final class LimitsSchema {
    static final List<String> KEYS = List.of("fileMax", "nrOpen", "nofile", "systemd");
    static final List<String> NOFILE_KEYS = List.of("soft", "hard", "users");
    static final List<String> SYSTEMD_KEYS = List.of("defaultLimitNOFILE");
    /** The largest fs.nr_open a 64-bit kernel takes in practice (what systemd raises it to at boot). */
    static final long NR_OPEN_MAX = 1073741816L;
    /** A user or group name as useradd accepts it by default (Debian's NAME_REGEX, plus '.' and upper case). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}\\$?");
    private static final Pattern SOFT_HARD = Pattern.compile("(\\d+):(\\d+)");

    private LimitsSchema() {
    }

    static Optional<LimitsDesired> load(YamlNode node) {
        int before = node.problems().list().size();
        Map<String, YamlNode> m = node.mapping(KEYS);
        OptionalLong fileMax = m.containsKey("fileMax") ? range(m.get("fileMax"), "fileMax", 1, Long.MAX_VALUE)
                : OptionalLong.empty();
        OptionalLong nrOpen = m.containsKey("nrOpen") ? range(m.get("nrOpen"), "nrOpen", 1024, NR_OPEN_MAX)
                : OptionalLong.empty();
        Optional<LimitsDesired.Nofile> nofile = m.containsKey("nofile") ? nofile(m.get("nofile")) : Optional.empty();
        Optional<LimitsDesired.SystemdNofile> systemd = m.containsKey("systemd") ? systemd(m.get("systemd"))
                : Optional.empty();
        if (node.problems().list().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new LimitsDesired(fileMax, nrOpen, nofile, systemd));
    }

    private static Optional<LimitsDesired.Nofile> nofile(YamlNode node) {
        Map<String, YamlNode> m = node.mapping(NOFILE_KEYS);
        if (!node.isMapping()) {
            return Optional.empty();
        }
        OptionalLong soft = OptionalLong.empty();
        OptionalLong hard = OptionalLong.empty();
        for (String k : List.of("soft", "hard")) {
            if (!m.containsKey(k)) {
                node.error("nofile needs '" + k + "' (write soft and hard, e.g. {soft: 1048576, hard: 1048576})");
                continue;
            }
            YamlNode v = m.get(k);
            OptionalLong n = unlimitedRefused(v) ? OptionalLong.empty() : range(v, "nofile." + k, 1, NR_OPEN_MAX);
            if (k.equals("soft")) {
                soft = n;
            } else {
                hard = n;
            }
        }
        if (soft.isPresent() && hard.isPresent() && soft.getAsLong() > hard.getAsLong()) {
            m.get("soft").error("soft limit " + soft.getAsLong() + " is above the hard limit " + hard.getAsLong()
                    + "; a process can raise its soft limit only up to the hard one");
        }
        List<String> users = m.containsKey("users") ? users(m.get("users")) : List.of("*");
        if (soft.isEmpty() || hard.isEmpty() || users.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LimitsDesired.Nofile(soft.getAsLong(), hard.getAsLong(), users));
    }

    /** {@code *}, {@code root}, user names and {@code @group}s; reported one by one. */
    private static List<String> users(YamlNode node) {
        List<String> out = new ArrayList<>();
        List<YamlNode> items = node.isSequence() ? node.sequence() : List.of(node);
        if (node.isSequence() && items.isEmpty()) {
            node.error("users is empty: list at least one of *, root, a user name or @group");
            return out;
        }
        for (YamlNode item : items) {
            Optional<String> s = item.string();
            if (s.isEmpty()) {
                continue;
            }
            String u = s.get();
            boolean ok = u.equals("*") || NAME.matcher(u).matches()
                    || (u.startsWith("@") && NAME.matcher(u.substring(1)).matches());
            if (!ok) {
                item.error("'" + u + "' is not a limits.d domain: use *, root, a user name or @group");
            } else if (out.contains(u)) {
                item.error("'" + u + "' is listed twice");
            } else {
                out.add(u);
            }
        }
        return out;
    }

    private static Optional<LimitsDesired.SystemdNofile> systemd(YamlNode node) {
        Map<String, YamlNode> m = node.mapping(SYSTEMD_KEYS);
        YamlNode v = m.get("defaultLimitNOFILE");
        if (v == null) {
            if (node.isMapping()) {
                node.error("systemd needs defaultLimitNOFILE (a number, or \"soft:hard\")");
            }
            return Optional.empty();
        }
        if (unlimitedRefused(v)) {
            return Optional.empty();
        }
        String raw = v.isScalar() ? v.string().orElse("") : "";
        Matcher pair = SOFT_HARD.matcher(raw);
        if (v.isScalar() && pair.matches()) {
            long soft;
            long hard;
            try {
                soft = Long.parseLong(pair.group(1));
                hard = Long.parseLong(pair.group(2));
            } catch (NumberFormatException e) {
                v.error("'" + raw + "' is out of range (1.." + NR_OPEN_MAX + ")");
                return Optional.empty();
            }
            if (!inRange(v, soft, "systemd.defaultLimitNOFILE soft", 1, NR_OPEN_MAX)
                    || !inRange(v, hard, "systemd.defaultLimitNOFILE hard", 1, NR_OPEN_MAX)) {
                return Optional.empty();
            }
            if (soft > hard) {
                v.error("soft limit " + soft + " is above the hard limit " + hard + " in '" + raw + "'");
                return Optional.empty();
            }
            return Optional.of(new LimitsDesired.SystemdNofile(soft, hard));
        }
        if (v.isScalar() && !v.isIntegerScalar() && raw.contains(":")) {
            v.error("expected a number or \"soft:hard\" (e.g. \"1024:1048576\"), found '" + raw + "'");
            return Optional.empty();
        }
        OptionalLong n = range(v, "systemd.defaultLimitNOFILE", 1, NR_OPEN_MAX);
        return n.isPresent() ? Optional.of(new LimitsDesired.SystemdNofile(n.getAsLong(), n.getAsLong()))
                : Optional.empty();
    }

    /** nofile cannot be unlimited: the kernel caps it at fs.nr_open, and asking for more refuses logins. */
    private static boolean unlimitedRefused(YamlNode v) {
        if (v.isScalar() && !v.isNull()) {
            String s = v.string().orElse("");
            if (s.equals("unlimited") || s.equals("infinity") || s.equals("-1")) {
                v.error("nofile cannot be '" + s + "': the kernel caps it at fs.nr_open and pam_limits refuses"
                        + " the login when it cannot set it; give a number");
                return true;
            }
        }
        return false;
    }

    private static OptionalLong range(YamlNode v, String what, long min, long max) {
        if (v.isBooleanScalar()) {
            v.error("expected a whole number, found '" + v.string().orElse("") + "'");
            return OptionalLong.empty();
        }
        OptionalLong n = v.integer();
        if (n.isPresent() && !inRange(v, n.getAsLong(), what, min, max)) {
            return OptionalLong.empty();
        }
        return n;
    }

    private static boolean inRange(YamlNode v, long n, String what, long min, long max) {
        if (n < min || n > max) {
            v.error(n + " is out of range for " + what + " (" + min + ".." + max + ")");
            return false;
        }
        return true;
    }
}
