package dev.netune.setting.nic;

import dev.netune.fact.FactSource;
import dev.netune.fact.GatherOutput;
import dev.netune.fact.Section;
import dev.netune.plan.Change;
import dev.netune.plan.ChangeKind;
import dev.netune.plan.HostPlan;
import dev.netune.plan.NoOp;
import dev.netune.setting.ChangeResult;
import dev.netune.setting.OwnedFile;
import dev.netune.transport.ShellScript;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Persistence of NIC settings, following the events that lose them: ethtool settings and queue
 * IRQ affinity live in the driver and are gone after a reboot, a driver reload, a PCI reset or a
 * hot-plug, and drivers such as e1000e, igb, ixgbe, i40e and ice create their queue IRQs only
 * when the NIC is set up. So netune owns a restore script ({@link NicRestoreScript}) and:
 * <ul>
 * <li>a udev rule: a NIC that appears or is renamed starts {@code netune-nic@NIC.service};</li>
 * <li>{@code netune-nic-link.service}: {@code ip -o monitor link}, which starts the same unit when a
 * NIC is set up. Link up sends no uevent, and networkd, NetworkManager, ifupdown and a person
 * typing {@code ip link set up} all end in the same netlink flag change, so one watcher serves
 * them all (a dispatcher hook would serve one manager each);</li>
 * <li>{@code netune-nic.service}: kernel-wide settings at boot.</li>
 * </ul>
 * What could not be restored goes to the journal and to a record {@code drift} reads
 * ({@link NicRestoreRecord}).
 *
 * <p>Not systemd .link files: udev applies only the first .link file matching a device, so ours
 * would silently replace the distribution's or the user's naming policy.
 */
final class NicBoot {
    static final String SCRIPT = "/etc/netune/nic-settings.sh";
    /** The function library the script sources: its own file, so a plan shows its change as one line. */
    static final String LIBRARY = "/etc/netune/lib/nic-restore.sh";
    static final String UNIT_NAME = "netune-nic.service";
    static final String UNIT = "/etc/systemd/system/" + UNIT_NAME;
    static final String LINK_UNIT_NAME = "netune-nic-link.service";
    static final String TEMPLATE = "/etc/systemd/system/netune-nic@.service";
    static final String LINK_UNIT = "/etc/systemd/system/" + LINK_UNIT_NAME;
    static final String UDEV_RULE = "/etc/udev/rules.d/90-netune-nic.rules";
    static final ChangeKind SCRIPT_KIND = ChangeKind.of("nic-boot-script");
    /** A {@link ChangeKind#library()} kind: reports show the library's digest and length, not its lines. */
    static final ChangeKind LIBRARY_KIND = ChangeKind.of("nic-boot-library");
    static final ChangeKind UNIT_KIND = ChangeKind.of("nic-boot-unit");
    static final String INSTALLED = "installed and enabled";
    /** Unit state when none of the unit files exists. */
    static final String ABSENT = "absent";
    private static final String SOURCE_TEXT = "the netune profile";

    /** The units and the udev rule, by path, as netune writes them. */
    static final Map<String, String> FILES = files();

    private static Map<String, String> files() {
        Map<String, String> f = new LinkedHashMap<>();
        String exec = "ExecStart=/bin/sh " + SCRIPT;
        f.put(UNIT, unit("restore kernel-wide NIC settings at boot (each NIC: netune-nic@.service)", "local-fs.target",
                true, "", "Type=oneshot\nRemainAfterExit=yes\n" + exec + " global\n", true));
        // not before network-pre.target: a NIC that is up waits for its queue IRQs here, bounded
        f.put(TEMPLATE, unit("restore the settings of NIC %i", "local-fs.target " + UNIT_NAME, false, "",
                "Type=oneshot\n" + exec + " %i\nTimeoutStartSec=120\n", false));
        // before network-pre.target, so it listens before the network manager sets NICs up
        f.put(LINK_UNIT, unit("restore a NIC's settings when it is set up (link up sends no uevent)", "local-fs.target",
                true, "StartLimitIntervalSec=60\nStartLimitBurst=5\n", exec + " watch\nRestart=always\nRestartSec=2\n", true));
        f.put(UDEV_RULE, OwnedFile.header(SOURCE_TEXT) + "\nSUBSYSTEM==\"net\", ACTION==\"add|move\","
                + " RUN+=\"/bin/systemctl --no-block start netune-nic@$name.service\"\n");
        return java.util.Collections.unmodifiableMap(f);
    }

    private static String unit(String description, String after, boolean beforeNetwork, String unitExtra, String service,
                               boolean installed) {
        return OwnedFile.header(SOURCE_TEXT) + "\n[Unit]\nDescription=netune: " + description
                + "\nConditionPathExists=" + SCRIPT + "\nDefaultDependencies=no\nAfter=" + after
                + (beforeNetwork ? "\nBefore=network-pre.target shutdown.target\nWants=network-pre.target"
                        : "\nBefore=shutdown.target")
                + "\nConflicts=shutdown.target\n" + unitExtra + "\n[Service]\n" + service
                + (installed ? "\n[Install]\nWantedBy=multi-user.target\n" : "");
    }

    /** What the host has: systemd or not, our files, whether the two units are enabled, the restore records. */
    record Facts(boolean systemd, Optional<String> script, Optional<String> library, Map<String, Optional<String>> files,
                 String enabled, Map<String, NicRestoreRecord> records) {
    }

    static final FactSource<Facts> SOURCE = new FactSource<>() {
        @Override
        public String id() {
            return "nic-boot";
        }

        @Override
        public String script() {
            StringBuilder sb = new StringBuilder("if [ -d /run/systemd/system ]; then "
                    + GatherOutput.markerCommand("nic-boot", "systemd") + "; else "
                    + GatherOutput.markerCommand("nic-boot", "none") + "; fi\n");
            sb.append(OwnedFile.readScript(SCRIPT)).append(OwnedFile.readScript(LIBRARY));
            FILES.keySet().forEach(p -> sb.append(OwnedFile.readScript(p)));
            return sb.append(enabledScript()).append(NicRestoreRecord.readScript()).toString();
        }

        @Override
        public Facts parse(List<Section> sections) {
            boolean systemd = sections.stream().anyMatch(s -> s.kind().equals("nic-boot") && s.arg(0).equals("systemd"));
            return new Facts(systemd, OwnedFile.parse(SCRIPT, sections), OwnedFile.parse(LIBRARY, sections),
                    readFiles(sections), enabled(sections), NicRestoreRecord.parse(sections));
        }
    };

    private NicBoot() {
    }

    private static Map<String, Optional<String>> readFiles(List<Section> sections) {
        Map<String, Optional<String>> files = new LinkedHashMap<>();
        FILES.keySet().forEach(p -> files.put(p, OwnedFile.parse(p, sections)));
        return files;
    }

    /** One line per unit: "enabled enabled" when both the boot unit and the watcher are. */
    private static String enabledScript() {
        return ShellScript.library("nic-units") + ShellScript.call("netune_nic_units_enabled", UNIT_NAME, LINK_UNIT_NAME);
    }

    private static String enabled(List<Section> sections) {
        String state = "";
        for (Section s : sections) {
            if (s.kind().equals("nic-boot-enabled")) {
                state = String.join(" ", s.body().strip().split("\\s+"));
            }
        }
        return state;
    }

    /** The restore script, the units and the rule; and a NIC whose last restore failed is drift. */
    static void plan(NicDesired desired, NicPlanner.HostResolution resolved, NicInventory inventory, Facts facts,
                     HostPlan.Builder out) {
        if (resolved.nics().isEmpty()) {
            return;
        }
        if (!facts.systemd()) {
            out.warning("NIC settings are not persisted across reboots: systemd is not running on this host");
            return;
        }
        String library = NicRestoreScript.library();
        if (facts.library().isPresent() && OwnedFile.sameContent(facts.library().get(), library)) {
            out.noop(new NoOp(LIBRARY_KIND, LIBRARY, LIBRARY + " already holds this netune's library"));
        } else {
            out.change(new Change(LIBRARY_KIND, LIBRARY, facts.library().orElse(null), library,
                    List.of("the NIC restore functions " + SCRIPT + " sources")));
        }
        String content = NicRestoreScript.content(desired, resolved, inventory.nics());
        if (facts.script().isPresent() && OwnedFile.sameContent(facts.script().get(), content)) {
            out.noop(new NoOp(SCRIPT_KIND, SCRIPT, SCRIPT + " already holds these settings"));
        } else {
            out.change(new Change(SCRIPT_KIND, SCRIPT, facts.script().orElse(null), content,
                    List.of("restores the NIC settings at boot, when a NIC appears and when it is set up")));
        }
        String state = unitState(facts.files(), facts.enabled());
        if (state.equals(INSTALLED)) {
            out.noop(new NoOp(UNIT_KIND, UNIT, "the NIC restore units and udev rule are " + INSTALLED));
        } else {
            out.change(new Change(UNIT_KIND, UNIT, state, INSTALLED, List.of("runs " + SCRIPT
                    + " at boot, when a NIC appears (" + UDEV_RULE + ") and when a NIC is set up (" + LINK_UNIT_NAME + ")")));
        }
    }

    /** The NICs the profile tunes whose last restore on the host failed, as drift (reported even when the plan has errors). */
    static void planRecords(NicPlanner.HostResolution resolved, Facts facts, HostPlan.Builder out) {
        for (NicPlanner.Resolved r : resolved.nics()) {
            NicRestoreRecord rec = facts.records().get(r.nic());
            if (rec != null) {
                rec.change().ifPresent(out::change);
            }
        }
    }

    private static String unitState(Map<String, Optional<String>> files, String enabled) {
        if (files.values().stream().allMatch(Optional::isEmpty)) {
            return ABSENT;
        }
        for (String path : FILES.keySet()) {
            if (files.getOrDefault(path, Optional.empty()).isEmpty()) {
                return "partly installed (" + path + " is missing)";
            }
        }
        for (Map.Entry<String, String> f : FILES.entrySet()) {
            if (!OwnedFile.sameContent(files.get(f.getKey()).get(), f.getValue())) {
                return "differs";
            }
        }
        return enabled.equals("enabled enabled") ? INSTALLED
                : "installed, " + (enabled.isEmpty() ? "not enabled" : "enabled: " + enabled);
    }

    static String applyScript(List<Change> changes) {
        StringBuilder sb = new StringBuilder();
        for (Change c : changes) {
            if (c.is(LIBRARY_KIND) && c.removes()) { // rollback: the script that sourced it went before
                sb.append(OwnedFile.removeScript(LIBRARY, true)).append(OwnedFile.readScript(LIBRARY));
            } else if (c.is(LIBRARY_KIND)) {
                sb.append(OwnedFile.writeScript(LIBRARY, c.after(), "0644"));
            } else if (c.is(SCRIPT_KIND)) {
                sb.append(OwnedFile.writeScript(SCRIPT, c.after(), "0755"));
            } else if (c.is(UNIT_KIND) && c.after().equals(ABSENT)) { // rollback of the install
                List<String> args = new java.util.ArrayList<>(List.of(UNIT_NAME, LINK_UNIT_NAME));
                args.addAll(FILES.keySet());
                sb.append(ShellScript.library("nic-units")).append(ShellScript.call("netune_nic_units_remove", args));
                FILES.keySet().forEach(p -> sb.append(OwnedFile.readScript(p)));
                sb.append(enabledScript());
            } else if (c.is(UNIT_KIND)) {
                FILES.forEach((p, content) -> sb.append(OwnedFile.writeScript(p, content, "0644")));
                sb.append(ShellScript.library("nic-units")).append(ShellScript.call("netune_nic_units_install", UNIT_NAME,
                        LINK_UNIT_NAME)).append(enabledScript());
            }
        }
        changes.stream().filter(c -> c.is(NicRestoreRecord.KIND)).forEach(c -> sb.append(NicRestoreRecord.applyScript(c)));
        return sb.toString();
    }

    static ChangeResult verify(Change c, List<Section> sections) {
        if (c.is(SCRIPT_KIND) || c.is(LIBRARY_KIND)) {
            return OwnedFile.verify(c, sections);
        }
        if (c.is(NicRestoreRecord.KIND)) {
            return NicRestoreRecord.verify(c, sections);
        }
        Optional<Section> applied = sections.stream()
                .filter(s -> s.kind().equals("applied") && s.arg(0).equals(UNIT_KIND.name())).findFirst();
        String state = unitState(readFiles(sections), enabled(sections));
        if (applied.isEmpty()) {
            return new ChangeResult(c, false, state, "not applied: the apply script stopped before it");
        }
        if (!applied.get().arg(1).equals("ok")) {
            return new ChangeResult(c, false, state, (c.after().equals(ABSENT) ? "removing " : "enabling ")
                    + "the NIC restore units failed: " + applied.get().body().strip());
        }
        if (c.after().equals(ABSENT)) {
            return new ChangeResult(c, state.equals(ABSENT), state, state.equals(ABSENT) ? "removed" : "unit is " + state);
        }
        return new ChangeResult(c, state.equals(INSTALLED), state, state.equals(INSTALLED) ? "enabled" : "unit is " + state);
    }
}
