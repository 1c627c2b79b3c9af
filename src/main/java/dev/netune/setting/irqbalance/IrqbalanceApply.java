package dev.netune.setting.irqbalance;

import dev.netune.transport.ShellScript;
import dev.netune.fact.GatherOutput;
import dev.netune.fact.Section;
import dev.netune.plan.Change;
import dev.netune.setting.ChangeResult;
import dev.netune.setting.OwnedFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The irqbalance apply fragment and the reading of its output.
 *
 * <p>Order: the drop-in (write or remove), {@code systemctl daemon-reload}, then the service
 * ({@code disable --now}, or {@code enable} + {@code restart}); a drop-in change without a service
 * change restarts a running irqbalance ({@code try-restart}) so it reads the new banned CPUs.
 * Each step prints {@code @@netune applied irqbalance STEP ok|failed} and its output; the state is
 * re-read behind {@code @@netune verify irqbalance} in the same execution.
 */
final class IrqbalanceApply {
    static final String STEP_RELOAD = "reload";
    static final String STEP_SERVICE = "service";
    static final String STEP_RESTART = "restart";

    private IrqbalanceApply() {
    }

    static String script(List<Change> changes) {
        String unit = IrqbalanceKind.UNIT;
        // netune_irqbalance_step and netune_irqbalance_on
        StringBuilder sb = new StringBuilder(ShellScript.library("irqbalance"));
        Optional<Change> dropIn = changes.stream().filter(c -> c.is(IrqbalanceKind.DROP_IN_KIND)).findFirst();
        Optional<Change> service = changes.stream().filter(c -> c.is(IrqbalanceKind.KIND)).findFirst();
        if (dropIn.isPresent()) {
            if (removes(dropIn.get())) {
                sb.append(OwnedFile.removeScript(IrqbalanceKind.DROP_IN, true));
            } else {
                sb.append(OwnedFile.writeScript(IrqbalanceKind.DROP_IN, dropIn.get().after(), "0644"));
            }
            sb.append(ShellScript.call("netune_irqbalance_step", STEP_RELOAD, "systemctl", "daemon-reload"));
        }
        if (service.isPresent()) {
            if (service.get().after().equals(IrqbalanceKind.ON)) {
                sb.append(ShellScript.call("netune_irqbalance_step", STEP_SERVICE, "netune_irqbalance_on", unit));
            } else {
                sb.append(ShellScript.call("netune_irqbalance_step", STEP_SERVICE, "systemctl", "disable", "--now", unit));
            }
        } else if (dropIn.isPresent()) {
            sb.append(ShellScript.call("netune_irqbalance_step", STEP_RESTART, "systemctl", "try-restart", unit));
        }
        sb.append(IrqbalanceFacts.stateScript(GatherOutput.markerCommand("verify", "irqbalance")));
        return sb.toString();
    }

    /**
     * A drop-in change that deletes the file; an empty after is read the same way, as snapshots
     * written before removals were typed still hold it (an empty drop-in is never written).
     */
    static boolean removes(Change c) {
        return c.removes() || c.after().isEmpty();
    }

    static List<ChangeResult> verify(List<Change> changes, List<Section> sections) {
        IrqbalanceFacts after = IrqbalanceFacts.parse("verify", sections);
        boolean reread = sections.stream().anyMatch(s -> s.kind().equals("verify") && s.arg(0).equals("irqbalance"));
        List<ChangeResult> results = new ArrayList<>();
        for (Change c : changes) {
            if (c.is(IrqbalanceKind.DROP_IN_KIND)) {
                results.add(verifyDropIn(c, sections, after));
            } else if (c.is(IrqbalanceKind.KIND)) {
                results.add(verifyService(c, sections, reread ? after.serviceState() : null));
            }
        }
        return results;
    }

    private static Optional<Section> step(String name, List<Section> sections) {
        return sections.stream().filter(s -> s.kind().equals("applied") && s.arg(0).equals("irqbalance")
                && s.arg(1).equals(name)).findFirst();
    }

    private static ChangeResult verifyService(Change c, List<Section> sections, String state) {
        Optional<Section> applied = step(STEP_SERVICE, sections);
        if (applied.isEmpty()) {
            return new ChangeResult(c, false, state, "not applied: the apply script stopped before it");
        }
        String command = c.after().equals(IrqbalanceKind.ON) ? "systemctl enable irqbalance && systemctl restart irqbalance"
                : "systemctl disable --now irqbalance";
        if (!applied.get().arg(2).equals("ok")) {
            return new ChangeResult(c, false, state, command + " failed: " + applied.get().body().strip());
        }
        if (c.after().equals(state)) {
            return new ChangeResult(c, true, state, c.after().equals(IrqbalanceKind.ON) ? "enabled and started"
                    : "stopped and disabled");
        }
        return new ChangeResult(c, false, state, "irqbalance is " + (state == null ? "in an unknown state" : state)
                + " after " + command + "; see journalctl -u irqbalance");
    }

    private static ChangeResult verifyDropIn(Change c, List<Section> sections, IrqbalanceFacts after) {
        Optional<String> actual = OwnedFile.parse(c.target(), sections);
        if (removes(c)) {
            Optional<Boolean> removed = OwnedFile.written(c.target(), sections);
            if (removed.isEmpty()) {
                return new ChangeResult(c, false, actual.orElse(""), "not applied: the apply script stopped before it");
            }
            if (!removed.get() || actual.isPresent()) {
                return new ChangeResult(c, false, actual.orElse(""), "removing failed: "
                        + OwnedFile.writeError(c.target(), sections));
            }
        } else {
            ChangeResult written = OwnedFile.verify(c, sections);
            if (!written.ok()) {
                return written;
            }
        }
        for (String name : List.of(STEP_RELOAD, STEP_RESTART)) {
            Optional<Section> s = step(name, sections);
            if (s.isPresent() && !s.get().arg(2).equals("ok")) {
                String what = name.equals(STEP_RELOAD) ? "systemctl daemon-reload" : "restarting irqbalance";
                return new ChangeResult(c, false, actual.orElse(""), what + " failed: " + s.get().body().strip());
            }
        }
        // what systemd will hand irqbalance: the drop-in really took effect
        Optional<String> banned = removes(c) ? Optional.empty() : IrqbalanceFacts.bannedIn(c.after());
        List<String> env = List.of(after.environment().split("\\s+"));
        String wanted = IrqbalanceKind.VARIABLE + "=" + banned.orElse("");
        if (banned.isPresent() && !env.contains(wanted)) {
            return new ChangeResult(c, false, actual.orElse(""), "written, but systemd does not pass " + wanted
                    + " to irqbalance (its Environment is '" + after.environment() + "')");
        }
        if (banned.isEmpty() && env.stream().anyMatch(e -> e.startsWith(IrqbalanceKind.VARIABLE + "="))) {
            return new ChangeResult(c, false, actual.orElse(""), "removed, but systemd still passes "
                    + IrqbalanceKind.VARIABLE + " to irqbalance (another drop-in sets it? Environment is '"
                    + after.environment() + "')");
        }
        return new ChangeResult(c, true, actual.orElse(""), banned.isPresent() ? "written; irqbalance leaves CPUs "
                + banned.get() + " alone" : "removed");
    }
}
