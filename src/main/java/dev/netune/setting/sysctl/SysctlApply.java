package dev.netune.setting.sysctl;

import dev.netune.transport.ShellScript;
import dev.netune.fact.Section;
import dev.netune.plan.Change;
import dev.netune.setting.ChangeResult;
import dev.netune.setting.OwnedFile;
import dev.netune.setting.shared.SysctlFacts;
import dev.netune.setting.shared.SysctlValue;
import static dev.netune.setting.sysctl.SysctlKind.FILE_KIND;
import static dev.netune.setting.sysctl.SysctlKind.KIND;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sysctl kind's apply and verify: each changed value written to /proc/sys and read back in
 * the same execution, the persistence file written atomically; the before-check re-reads both.
 */
final class SysctlApply {
    private SysctlApply() {
    }

    static String applyScript(List<Change> changes) {
        StringBuilder sb = new StringBuilder(ShellScript.library("sysctl-lines")).append(ShellScript.library("sysctl-apply"));
        List<Change> sysctls = changes.stream().filter(c -> c.is(KIND)).toList();
        for (Change c : sysctls) {
            sb.append(ShellScript.call("netune_sysctl_set", c.target(), SysctlFacts.procSysPath(c.target()), c.after()));
        }
        if (!sysctls.isEmpty()) {
            sb.append(readAll(sysctls));
            for (Change c : sysctls) {
                sb.append(ShellScript.call("netune_sysctl_verify", c.target(), SysctlFacts.procSysPath(c.target())));
            }
        }
        for (Change c : changes) {
            if (c.is(FILE_KIND)) {
                sb.append(OwnedFile.writeScript(c.target(), c.after(), "0644"));
            }
        }
        return sb.toString();
    }

    /** One grep for every key's file (netune_sysctl_grep), read by the calls after it. */
    private static String readAll(List<Change> sysctls) {
        return ShellScript.call("netune_sysctl_grep",
                sysctls.stream().map(c -> "/proc/sys/" + SysctlFacts.procSysPath(c.target())).toList());
    }

    /**
     * Live values read as the gather reads them, whitespace folded as {@link SysctlValue#normalize}
     * does; the file as {@link OwnedFile} reads it.
     */
    static String expectScript(List<Change> changes) {
        StringBuilder sb = new StringBuilder(ShellScript.library("sysctl-lines")).append(ShellScript.library("sysctl-expect"));
        List<Change> live = changes.stream().filter(c -> c.is(KIND) && c.before() != null).toList();
        if (!live.isEmpty()) {
            sb.append(readAll(live));
        }
        for (Change c : changes) {
            if (c.is(KIND) && c.before() != null) {
                sb.append(ShellScript.call("netune_sysctl_expect", c.target(), SysctlFacts.procSysPath(c.target()),
                        SysctlValue.normalize(c.before())));
            } else if (c.is(FILE_KIND)) {
                sb.append(OwnedFile.expectScript(FILE_KIND, c.target(), c.before()));
            }
        }
        return sb.toString();
    }

    static List<ChangeResult> verify(List<Change> changes, List<Section> sections) {
        Map<String, Section> applied = new TreeMap<>();
        Map<String, Section> verified = new TreeMap<>();
        for (Section s : sections) {
            if (s.kind().equals("applied") && s.arg(0).equals(KIND.name())) {
                applied.put(s.arg(1), s);
            } else if (s.kind().equals("verify") && s.arg(0).equals(KIND.name())) {
                verified.put(s.arg(1), s);
            }
        }
        List<ChangeResult> results = new ArrayList<>();
        for (Change c : changes) {
            if (c.is(FILE_KIND)) {
                results.add(OwnedFile.verify(c, sections));
                continue;
            }
            Section a = applied.get(c.target());
            Section v = verified.get(c.target());
            String actual = v == null ? null : SysctlValue.normalize(v.body());
            if (a == null) {
                results.add(new ChangeResult(c, false, actual, "not applied: the apply script stopped before it"));
            } else if (!a.arg(2).equals("ok")) {
                results.add(new ChangeResult(c, false, actual, "write failed: " + a.body().strip()));
            } else if (actual != null && SysctlValue.same(actual, c.after())) {
                results.add(new ChangeResult(c, true, actual, "set"));
            } else {
                String got = actual == null ? "nothing" : actual;
                results.add(new ChangeResult(c, false, got, "the kernel holds " + got + " after writing " + c.after()));
            }
        }
        return results;
    }
}
