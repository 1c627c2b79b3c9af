package dev.netune.setting.irqbalance;

import dev.netune.transport.ShellScript;
import dev.netune.fact.CpuSet;
import dev.netune.fact.FactSource;
import dev.netune.fact.GatherOutput;
import dev.netune.fact.Section;
import dev.netune.fact.TextFact;
import dev.netune.setting.OwnedFile;
import java.util.List;
import java.util.Optional;

/**
 * What a host says about irqbalance: systemd running, the daemon installed, the unit's active and
 * enabled states, the environment systemd gives it, the drop-in netune owns, lines of
 * /etc/default/irqbalance that also ban CPUs, and the online CPUs.
 *
 * @param active   {@code systemctl is-active} ("active", "inactive", "failed" ...; "" without systemd)
 * @param enabled  {@code systemctl is-enabled} ("enabled", "disabled", "masked" ...; "" if unknown)
 * @param environment {@code systemctl show -p Environment --value}: the unit's Environment= settings
 * @param online   the raw content of /sys/devices/system/cpu/online (a cpulist)
 * @param defaultsBanned lines of /etc/default/irqbalance that set IRQBALANCE_BANNED_CPU*
 */
public record IrqbalanceFacts(boolean systemd, boolean installed, String active, String enabled,
        String environment, String online, Optional<String> dropIn, String defaultsBanned) implements TextFact {

    static final String DEFAULTS = "/etc/default/irqbalance";

    /** The online CPUs, if the sysfs file could be read and parsed. */
    public Optional<CpuSet> onlineCpus() {
        if (online.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(CpuSet.parseList(online));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The banned CPUs named in netune's drop-in, if it is there and names them. */
    public Optional<String> dropInBanned() {
        return dropIn.flatMap(IrqbalanceFacts::bannedIn);
    }

    static Optional<String> bannedIn(String dropInContent) {
        String prefix = "Environment=" + IrqbalanceKind.VARIABLE + "=";
        return dropInContent.lines().map(String::strip).filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).strip()).reduce((a, b) -> b);
    }

    /** "active, enabled": the service state as plans show it. */
    public String serviceState() {
        return (active.isEmpty() ? "unknown" : active) + ", " + (enabled.isEmpty() ? "unknown" : enabled);
    }

    @Override
    public String toText() {
        if (!installed) {
            return "not installed" + (systemd ? "" : " (systemd not running)") + "; online CPUs "
                    + online + "\n";
        }
        return (systemd ? serviceState() : "systemd not running") + "; banned CPUs (netune drop-in): "
                + dropIn.map(d -> dropInBanned().orElse("(drop-in without " + IrqbalanceKind.VARIABLE + ")"))
                        .orElse("none")
                + "; online CPUs " + (online.isBlank() ? "(unreadable)" : online) + "\n";
    }

    /** The gather fragment; also run after apply to read the state back (with {@code verify}). */
    static final FactSource<IrqbalanceFacts> SOURCE = new FactSource<>() {
        @Override
        public String id() {
            return "irqbalance";
        }

        @Override
        public String script() {
            return stateScript(GatherOutput.markerCommand("irqbalance"));
        }

        @Override
        public IrqbalanceFacts parse(List<Section> sections) {
            return IrqbalanceFacts.parse("irqbalance", sections);
        }
    };

    /**
     * Prints the state after {@code marker}. Read-only, for any user; every command's failure is
     * swallowed so the host's one gather script never fails here. systemctl is asked only when
     * systemd runs (elsewhere it may complain or wait for a bus).
     */
    static String stateScript(String marker) {
        return marker + "\n" + ShellScript.library("read-line") + ShellScript.library("irqbalance-read")
                + ShellScript.call("netune_irqbalance_read", IrqbalanceKind.UNIT, DEFAULTS)
                + OwnedFile.readScript(IrqbalanceKind.DROP_IN);
    }

    /**
     * Parses the state printed behind {@code @@netune irqbalance} (gather) or {@code @@netune
     * verify irqbalance} (apply); the last such block wins.
     */
    static IrqbalanceFacts parse(String which, List<Section> sections) {
        boolean systemd = false;
        boolean installed = false;
        String active = "";
        String enabled = "";
        String environment = "";
        String online = "";
        String defaults = "";
        for (Section s : sections) {
            boolean ours = which.equals("irqbalance") ? s.kind().equals("irqbalance") && s.args().isEmpty()
                    : s.kind().equals("verify") && s.arg(0).equals("irqbalance");
            if (s.kind().equals("irqbalance-defaults")) {
                defaults = s.body().strip();
            }
            if (!ours) {
                continue;
            }
            for (String line : s.body().split("\n")) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String v = line.substring(eq + 1).strip();
                switch (line.substring(0, eq).strip()) {
                    case "systemd" -> systemd = v.equals("yes");
                    case "installed" -> installed = v.equals("yes");
                    case "active" -> active = v;
                    case "enabled" -> enabled = v;
                    case "environment" -> environment = v;
                    case "online" -> online = v;
                    default -> { }
                }
            }
        }
        return new IrqbalanceFacts(systemd, installed, active, enabled, environment, online,
                OwnedFile.parse(IrqbalanceKind.DROP_IN, sections), defaults);
    }
}
