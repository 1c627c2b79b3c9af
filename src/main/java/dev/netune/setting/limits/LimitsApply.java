package dev.netune.setting.limits;

import dev.netune.fact.Section;
import dev.netune.plan.Change;
import dev.netune.setting.ChangeResult;
import dev.netune.setting.OwnedFile;
import dev.netune.transport.ShellScript;
import static dev.netune.setting.limits.LimitsKind.FILE_KIND;
import static dev.netune.setting.limits.LimitsKind.KIND;
import static dev.netune.setting.limits.LimitsKind.SYSTEMD_FILE;
import static dev.netune.setting.limits.LimitsKind.TAKES_EFFECT;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The limits kind's apply and verify: each owned file written atomically and read back; after a
 * changed systemd drop-in, systemd re-executed (only when the apply allows service restarts) and
 * its DefaultLimitNOFILE read back.
 */
final class LimitsApply {
    private LimitsApply() {
    }

    /**
     * Writes each planned file atomically and reads it back; the sysctls are the sysctl kind's.
     * When the systemd drop-in changed and the apply allows service restarts, systemd re-executes
     * (it keeps its state and running services; only its own settings are read again) and what
     * it now reports is read back.
     */
    static String applyScript(List<Change> changes) {
        StringBuilder sb = new StringBuilder();
        for (Change c : changes) {
            if (c.is(FILE_KIND)) {
                sb.append(OwnedFile.writeScript(c.target(), c.after(), "0644"));
                if (c.target().equals(SYSTEMD_FILE)) {
                    sb.append(ShellScript.library("limits")).append(ShellScript.call("netune_limits_reexec"));
                }
            }
        }
        return sb.toString();
    }

    /** The files, as {@link OwnedFile} reads them; live limits are not re-read. */
    static String expectScript(List<Change> changes) {
        StringBuilder sb = new StringBuilder();
        for (Change c : changes) {
            if (c.is(FILE_KIND)) {
                sb.append(OwnedFile.expectScript(FILE_KIND, c.target(), c.before()));
            }
        }
        return sb.toString();
    }

    static List<ChangeResult> verify(List<Change> changes, List<Section> sections) {
        List<ChangeResult> results = new ArrayList<>();
        for (Change c : changes) {
            ChangeResult written = OwnedFile.verify(c, sections);
            results.add(written.ok() && c.target().equals(SYSTEMD_FILE) && !c.removes()
                    ? verifyReexec(written, sections) : written);
        }
        return results;
    }

    /** After a re-exec, systemd must report the drop-in's DefaultLimitNOFILE; without one, the file is enough. */
    private static ChangeResult verifyReexec(ChangeResult written, List<Section> sections) {
        Optional<Section> reexec = sections.stream().filter(s -> s.kind().equals("applied") && s.arg(0).equals(KIND.name())
                && s.arg(1).equals("reexec")).findFirst();
        if (reexec.isEmpty()) {
            return new ChangeResult(written.change(), true, written.actual(), "written; " + TAKES_EFFECT
                    + " (apply --allow-service-restart re-executes systemd)");
        }
        if (!reexec.get().arg(2).equals("ok")) {
            return new ChangeResult(written.change(), false, written.actual(), "written, but systemctl daemon-reexec failed: "
                    + reexec.get().body().strip());
        }
        Optional<LimitsFacts.ManagerLimit> now = sections.stream().filter(s -> s.kind().equals("limits-manager"))
                .findFirst().flatMap(s -> LimitsFacts.manager(s.body()));
        java.util.regex.Matcher want = java.util.regex.Pattern.compile("(?m)^DefaultLimitNOFILE=(\\d+)(?::(\\d+))?$")
                .matcher(written.change().after());
        if (now.isEmpty() || !want.find()) {
            return new ChangeResult(written.change(), false, written.actual(), "systemd re-executed, but its"
                    + " DefaultLimitNOFILE could not be read back");
        }
        String soft = want.group(1);
        String hard = want.group(2) == null ? soft : want.group(2);
        boolean same = now.get().soft().equals(soft) && now.get().hard().equals(hard);
        return new ChangeResult(written.change(), same, written.actual(), same
                ? "written; systemd re-executed and now gives services nofile soft " + soft + ", hard " + hard
                : "written and systemd re-executed, but it reports DefaultLimitNOFILE soft " + now.get().soft() + ", hard "
                        + now.get().hard() + " (another drop-in in /etc/systemd/system.conf.d wins?)");
    }
}
