package dev.netune.setting.nic;

import dev.netune.plan.ChangeKind;
import dev.netune.fact.FactSource;
import dev.netune.fact.GatherOutput;
import dev.netune.fact.Section;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.plan.NoOp;
import dev.netune.setting.ChangeResult;
import dev.netune.setting.OwnedFile;
import dev.netune.transport.Shell;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of NIC settings across reboots. ethtool settings live in the driver and are lost
 * at reboot (and when a driver reloads), so netune owns a boot script with the full resolved
 * settings and a systemd oneshot unit that runs it before the network comes up.
 *
 * <p>Not systemd .link files: udev applies only the first .link file matching a device, so ours
 * would silently replace the distribution's or the user's naming policy.
 */
final class NicBoot {
    static final String SCRIPT = "/etc/netune/nic-settings.sh";
    static final String UNIT_NAME = "netune-nic.service";
    static final String UNIT = "/etc/systemd/system/" + UNIT_NAME;
    static final ChangeKind SCRIPT_KIND = ChangeKind.of("nic-boot-script");
    static final ChangeKind UNIT_KIND = ChangeKind.of("nic-boot-unit");
    static final String INSTALLED = "installed and enabled";
    /** Unit state when the unit file does not exist. */
    static final String ABSENT = "absent";

    static final String UNIT_CONTENT = OwnedFile.MANAGED + "\n" + """
            [Unit]
            Description=netune: restore NIC settings (channels, rings, coalescing, offloads, MTU)
            ConditionPathExists=%s
            DefaultDependencies=no
            After=local-fs.target systemd-udevd.service systemd-udev-trigger.service
            Before=network-pre.target shutdown.target
            Wants=network-pre.target
            Conflicts=shutdown.target

            [Service]
            Type=oneshot
            RemainAfterExit=yes
            ExecStart=/bin/sh %s

            [Install]
            WantedBy=multi-user.target
            """.formatted(SCRIPT, SCRIPT);

    /** What the host has: systemd or not, our two files, and whether the unit is enabled. */
    record Facts(boolean systemd, Optional<String> script, Optional<String> unit, String enabled) {
    }

    static final FactSource<Facts> SOURCE = new FactSource<>() {
        @Override
        public String id() {
            return "nic-boot";
        }

        @Override
        public String script() {
            return "if [ -d /run/systemd/system ]; then " + GatherOutput.markerCommand("nic-boot", "systemd")
                    + "; else " + GatherOutput.markerCommand("nic-boot", "none") + "; fi\n"
                    + OwnedFile.readScript(SCRIPT) + OwnedFile.readScript(UNIT)
                    + enabledScript();
        }

        @Override
        public Facts parse(List<Section> sections) {
            boolean systemd = sections.stream().anyMatch(s -> s.kind().equals("nic-boot") && s.arg(0).equals("systemd"));
            return new Facts(systemd, OwnedFile.parse(SCRIPT, sections), OwnedFile.parse(UNIT, sections),
                    enabled(sections));
        }
    };

    private NicBoot() {
    }

    private static String enabledScript() {
        return GatherOutput.markerCommand("nic-boot-enabled") + "; systemctl is-enabled " + Shell.quote(UNIT_NAME)
                + " 2>/dev/null || true\n";
    }

    private static String enabled(List<Section> sections) {
        String state = "";
        for (Section s : sections) {
            if (s.kind().equals("nic-boot-enabled")) {
                state = s.body().strip();
            }
        }
        return state;
    }

    /** The boot script for the resolved settings of every tuned NIC, in apply order. */
    static String scriptContent(NicPlanner.HostResolution outcome) {
        StringBuilder sb = new StringBuilder("#!/bin/sh\n" + OwnedFile.MANAGED + "\n" + """
                # Run at boot by netune-nic.service: NIC settings do not survive a reboot by themselves.
                netune_wait() {
                  # up to 30 s for the NIC to appear: drivers load asynchronously
                  n=0; while [ ! -e "/sys/class/net/$1" ] && [ $n -lt 30 ]; do sleep 1; n=$((n + 1)); done
                }
                netune_run() {
                  "$@" || echo "netune-nic: failed: $*" >&2
                }
                netune_irq() {
                  # by action name: IRQ numbers may differ from one boot to the next
                  for d in /proc/irq/*/"$1"; do
                    [ -d "$d" ] && { echo "$2" > "${d%/*}/smp_affinity_list" || echo "netune-nic: irq $1 refused $2" >&2; }
                  done
                }
                netune_sysfs() {
                  echo "$3" > "/sys/class/net/$1/$2" || echo "netune-nic: $1 $2 refused $3" >&2
                }
                """);
        outcome.sockFlowEntries().ifPresent(f -> sb.append("echo ").append(Shell.quote(f))
                .append(" > /proc/sys/net/core/rps_sock_flow_entries\n"));
        for (NicPlanner.Resolved r : outcome.nics()) {
            String nic = Shell.quote(r.nic());
            sb.append("netune_wait ").append(nic).append('\n');
            // channels, rings, coalescing, offloads, MTU, then steering (channels recreate the queues)
            r.values().forEach((attribute, values) -> {
                if (!values.isEmpty()) {
                    sb.append("netune_run ").append(NicCommands.command(r.nic(), attribute, values)).append('\n');
                }
            });
            r.steering().forEach((k, v) -> {
                if (k.startsWith("irq ")) {
                    sb.append("netune_irq ").append(Shell.quote(k.substring(4))).append(' ').append(Shell.quote(v)).append('\n');
                } else {
                    sb.append("netune_sysfs ").append(nic).append(' ').append(Shell.quote(k)).append(' ')
                            .append(Shell.quote(v)).append('\n');
                }
            });
        }
        return sb.append("exit 0\n").toString();
    }

    static void plan(NicPlanner.HostResolution resolved, Facts facts, HostPlan.Builder out) {
        if (resolved.nics().isEmpty()) {
            return;
        }
        if (!facts.systemd()) {
            out.warning("NIC settings are not persisted across reboots: systemd is not running on this host");
            return;
        }
        String content = scriptContent(resolved);
        if (facts.script().isPresent() && OwnedFile.sameContent(facts.script().get(), content)) {
            out.noop(new NoOp(SCRIPT_KIND, SCRIPT, SCRIPT + " already holds these settings"));
        } else {
            out.change(new Change(SCRIPT_KIND, SCRIPT, facts.script().orElse(null), content,
                    List.of("restores the NIC settings at boot")));
        }
        String state = unitState(facts.unit(), facts.enabled());
        if (state.equals(INSTALLED)) {
            out.noop(new NoOp(UNIT_KIND, UNIT, UNIT_NAME + " is " + INSTALLED));
        } else {
            out.change(new Change(UNIT_KIND, UNIT, state, INSTALLED, List.of("runs " + SCRIPT + " at boot")));
        }
    }

    private static String unitState(Optional<String> unit, String enabled) {
        if (unit.isEmpty()) {
            return ABSENT;
        }
        if (!OwnedFile.sameContent(unit.get(), UNIT_CONTENT)) {
            return "differs";
        }
        return enabled.equals("enabled") ? INSTALLED : "installed, " + (enabled.isEmpty() ? "not enabled" : enabled);
    }

    static String applyScript(List<Change> changes) {
        StringBuilder sb = new StringBuilder();
        for (Change c : changes) {
            if (c.is(SCRIPT_KIND)) {
                sb.append(OwnedFile.writeScript(SCRIPT, c.after(), "0755"));
            } else if (c.is(UNIT_KIND) && c.after().equals(ABSENT)) { // rollback of the install
                sb.append(unitStep("systemctl disable " + Shell.quote(UNIT_NAME) + " && rm -f " + Shell.quote(UNIT)
                        + " && systemctl daemon-reload")).append(OwnedFile.readScript(UNIT)).append(enabledScript());
            } else if (c.is(UNIT_KIND)) {
                sb.append(OwnedFile.writeScript(UNIT, UNIT_CONTENT, "0644"));
                sb.append(unitStep("systemctl daemon-reload && systemctl enable " + Shell.quote(UNIT_NAME)))
                        .append(enabledScript());
            }
        }
        return sb.toString();
    }

    /** Runs the unit's systemctl commands behind an applied nic-boot-unit ok|failed marker. */
    private static String unitStep(String commands) {
        return "if err=$( { " + commands + "; } 2>&1 ); then " + GatherOutput.markerCommand("applied", UNIT_KIND.name(), "ok")
                + "; else " + GatherOutput.markerCommand("applied", UNIT_KIND.name(), "failed") + "; printf '%s\\n' \"$err\"; fi\n";
    }

    static ChangeResult verify(Change c, List<Section> sections) {
        if (c.is(SCRIPT_KIND)) {
            return OwnedFile.verify(c, sections);
        }
        Optional<Section> applied = sections.stream()
                .filter(s -> s.kind().equals("applied") && s.arg(0).equals(UNIT_KIND.name())).findFirst();
        String state = unitState(OwnedFile.parse(UNIT, sections), enabled(sections));
        if (applied.isEmpty()) {
            return new ChangeResult(c, false, state, "not applied: the apply script stopped before it");
        }
        if (!applied.get().arg(1).equals("ok")) {
            return new ChangeResult(c, false, state, (c.after().equals(ABSENT) ? "removing " : "enabling ") + UNIT_NAME
                    + " failed: " + applied.get().body().strip());
        }
        if (c.after().equals(ABSENT)) {
            return new ChangeResult(c, state.equals(ABSENT), state, state.equals(ABSENT) ? "removed" : "unit is " + state);
        }
        return new ChangeResult(c, state.equals(INSTALLED), state, state.equals(INSTALLED) ? "enabled" : "unit is " + state);
    }
}
