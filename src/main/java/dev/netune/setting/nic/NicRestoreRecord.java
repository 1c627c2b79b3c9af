package dev.netune.setting.nic;

import dev.netune.fact.Section;
import dev.netune.plan.Change;
import dev.netune.plan.ChangeKind;
import dev.netune.setting.ChangeResult;
import dev.netune.transport.ShellScript;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the host's restore script wrote about its last run for one NIC
 * ({@code /var/lib/netune/nic-restore/NIC}): restored yes, no or pending (steering waits for
 * link-up), at which event, when, and why not. {@code drift} reports a "no" as a change, and
 * {@code apply} re-runs the restore for that NIC and reads the record back.
 */
record NicRestoreRecord(String nic, String restored, String event, String time, String reason) {
    static final String DIR = "/var/lib/netune/nic-restore";
    static final ChangeKind KIND = ChangeKind.of("nic-restore");
    static final String WANTED = "restored: yes";
    /** Records read at most: one per NIC, and no host has more NICs than this worth reading. */
    private static final int MAX_RECORDS = 256;

    /** Gather fragment: every record, only its four known lines, each file cut at 4 KiB. */
    static String readScript() {
        return ShellScript.library("nic-records") + ShellScript.call("netune_nic_records_read", DIR, String.valueOf(MAX_RECORDS));
    }

    static Map<String, NicRestoreRecord> parse(List<Section> sections) {
        Map<String, NicRestoreRecord> out = new TreeMap<>();
        for (Section s : sections) {
            if (s.kind().equals("nic-restore") && !s.arg(0).isEmpty()) {
                Map<String, String> kv = new TreeMap<>();
                s.body().lines().forEach(l -> {
                    int eq = l.indexOf('=');
                    if (eq > 0) {
                        kv.put(l.substring(0, eq), l.substring(eq + 1).strip());
                    }
                });
                out.put(s.arg(0), new NicRestoreRecord(s.arg(0), kv.getOrDefault("restored", ""),
                        kv.getOrDefault("event", "?"), kv.getOrDefault("time", "?"), kv.getOrDefault("reason", "")));
            }
        }
        return out;
    }

    boolean failed() {
        return restored.equals("no");
    }

    /** "restored at link-up: no (irq eth0-rx-0 -> 1: write refused: Invalid argument)". */
    String text() {
        return "restored at " + event + ": " + restored + (reason.isEmpty() ? "" : " (" + reason + ")");
    }

    /** The drift a failed restore is: the NIC's settings did not come back by themselves. */
    Optional<Change> change() {
        if (!failed()) {
            return Optional.empty();
        }
        return Optional.of(new Change(KIND, nic, text(), WANTED,
                List.of("at " + time + "; journalctl -t netune; apply runs the restore again")));
    }

    /** Apply fragment: runs the installed restore for the NIC now, then reads its record back. */
    static String applyScript(Change c) {
        return ShellScript.library("nic-records")
                + ShellScript.call("netune_nic_record_restore", NicBoot.SCRIPT, c.target(), DIR + "/" + c.target());
    }

    static ChangeResult verify(Change c, List<Section> sections) {
        Optional<Section> applied = sections.stream().filter(s -> s.kind().equals("applied")
                && s.arg(0).equals(KIND.name()) && s.arg(1).equals(c.target())).findFirst();
        NicRestoreRecord now = parse(sections).get(c.target());
        String actual = now == null ? null : now.restored().equals("yes") ? WANTED : now.text();
        if (applied.isEmpty()) {
            return new ChangeResult(c, false, actual, "not applied: the apply script stopped before it");
        }
        if (!applied.get().arg(2).equals("0")) {
            return new ChangeResult(c, false, actual, "the restore script failed (exit " + applied.get().arg(2) + "): "
                    + applied.get().body().strip());
        }
        boolean ok = WANTED.equals(actual);
        return new ChangeResult(c, ok, actual, ok ? "restored" : actual == null ? "the restore wrote no record" : actual);
    }
}
