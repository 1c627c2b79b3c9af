package dev.netune.setting.limits;

import dev.netune.transport.ShellScript;
import dev.netune.fact.FactSource;
import dev.netune.fact.Section;
import dev.netune.fact.TextFact;
import dev.netune.setting.OwnedFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a new login session gets (nofile soft and hard, as the gather's own session sees them),
 * systemd's default for services, the files netune owns for limits, and other files' nofile lines.
 *
 * @param sessionUser the user the gather ran as; with {@code become} that is root through sudo
 * @param systemdBooted whether systemd is PID 1 (/run/systemd/system exists)
 * @param systemd     {@code DefaultLimitNOFILE} of the running manager, empty when it could not be read
 */
public record LimitsFacts(String sessionUser, List<String> sessionGroups, String sessionSoft, String sessionHard,
                          boolean systemdBooted, Optional<ManagerLimit> systemd, Optional<String> limitsFile, Optional<String> systemdFile,
                          Optional<String> sysctlFile, List<String> otherNofileLines) implements TextFact {

    public LimitsFacts {
        sessionGroups = List.copyOf(sessionGroups);
        otherNofileLines = List.copyOf(otherNofileLines);
    }

    /** systemd's DefaultLimitNOFILE as {@code systemctl show} prints it (numbers or "infinity"). */
    public record ManagerLimit(String soft, String hard) {
    }

    @Override
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("new login session of ").append(sessionUser).append(": nofile soft ").append(sessionSoft)
                .append(", hard ").append(sessionHard).append('\n');
        sb.append("systemd DefaultLimitNOFILE: ").append(systemd.map(m -> "soft " + m.soft() + ", hard " + m.hard())
                .orElse(systemdBooted ? "(unreadable)" : "(systemd is not running)")).append('\n');
        file(sb, LimitsKind.LIMITS_FILE, limitsFile);
        file(sb, LimitsKind.SYSTEMD_FILE, systemdFile);
        file(sb, LimitsKind.SYSCTL_FILE, sysctlFile);
        for (String l : otherNofileLines) {
            sb.append("other: ").append(l).append('\n');
        }
        return sb.toString();
    }

    private static void file(StringBuilder sb, String path, Optional<String> content) {
        sb.append(path).append(": ").append(content.map(c -> "present, " + c.lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank()).count() + " line(s)").orElse("absent")).append('\n');
    }

    static final FactSource<LimitsFacts> SOURCE = new FactSource<>() {
        @Override
        public String id() {
            return "limits";
        }

        /**
         * Read-only and fit for a normal user. Each SSH exec is a fresh PAM session, so ulimit shows
         * what pam_limits gave this login; with {@code become} the script runs under sudo, whose own
         * PAM session (pam_limits in /etc/pam.d/sudo) is what ulimit then shows, for root.
         */
        @Override
        public String script() {
            return ShellScript.library("limits-read") + ShellScript.call("netune_limits_read", LimitsKind.LIMITS_FILE)
                    + OwnedFile.readScript(LimitsKind.LIMITS_FILE)
                    + OwnedFile.readScript(LimitsKind.SYSTEMD_FILE)
                    + OwnedFile.readScript(LimitsKind.SYSCTL_FILE);
        }

        @Override
        public LimitsFacts parse(List<Section> sections) {
            String user = "";
            List<String> groups = List.of();
            String soft = "";
            String hard = "";
            Optional<ManagerLimit> manager = Optional.empty();
            boolean booted = false;
            List<String> others = new ArrayList<>();
            for (Section s : sections) {
                if (!s.kind().equals("limits")) {
                    continue;
                }
                switch (s.arg(0)) {
                    case "session" -> {
                        for (String line : s.body().split("\n")) {
                            int eq = line.indexOf('=');
                            String v = eq < 0 ? "" : line.substring(eq + 1).strip();
                            switch (eq < 0 ? "" : line.substring(0, eq)) {
                                case "user" -> user = v;
                                case "groups" -> groups = v.isEmpty() ? List.of() : List.of(v.split("\\s+"));
                                case "soft" -> soft = v;
                                case "hard" -> hard = v;
                                default -> { }
                            }
                        }
                    }
                    case "systemd" -> {
                        booted = !s.body().strip().equals("booted=no");
                        manager = manager(s.body());
                    }
                    case "others" -> s.body().lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(others::add);
                    default -> { }
                }
            }
            return new LimitsFacts(user, groups, soft, hard, booted, manager,
                    OwnedFile.parse(LimitsKind.LIMITS_FILE, sections), OwnedFile.parse(LimitsKind.SYSTEMD_FILE, sections),
                    OwnedFile.parse(LimitsKind.SYSCTL_FILE, sections), others);
        }
    };

    /** {@code DefaultLimitNOFILE=524288} and {@code DefaultLimitNOFILESoft=1024}; anything else: unknown. */
    static Optional<ManagerLimit> manager(String body) {
        String soft = null;
        String hard = null;
        for (String line : body.split("\n")) {
            if (line.startsWith("DefaultLimitNOFILE=")) {
                hard = line.substring("DefaultLimitNOFILE=".length()).strip();
            } else if (line.startsWith("DefaultLimitNOFILESoft=")) {
                soft = line.substring("DefaultLimitNOFILESoft=".length()).strip();
            }
        }
        if (hard == null || hard.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ManagerLimit(soft == null || soft.isEmpty() ? hard : soft, hard));
    }
}
