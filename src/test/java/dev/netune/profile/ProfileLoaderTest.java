package dev.netune.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.setting.sysctl.SysctlDesired;
import dev.netune.setting.sysctl.SysctlKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileLoaderTest {
    /** DesiredState is keyed by kind instance: the loader and the lookups share this one. */
    private static final SysctlKind SYSCTL = new SysctlKind();

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f.toAbsolutePath().normalize();
    }

    /** Only the sysctl kind, so that "allowed:" lists stay the same as kinds are added. */
    private static ProfileLoader loader() {
        return new ProfileLoader(List.of(SYSCTL));
    }

    private static Map<String, String> sysctls(DesiredState state) {
        return state.get(SYSCTL).map(SysctlDesired::values).map(TreeMap::new).orElseThrow();
    }

    private List<String> problems(Path... files) {
        ValidationException e = assertThrows(ValidationException.class, () -> loader().loadAll(List.of(files)));
        return e.problems().stream().map(Problem::format).toList();
    }

    private Path baseProfile() throws IOException {
        return write("base.yaml", """
                name: base
                sysctl:
                  net.ipv4.tcp_syncookies: 1
                  net.core.somaxconn: 1024
                """);
    }

    @Test
    void loadsTheIssueExample() throws Exception {
        baseProfile();
        Path web = write("web.yaml", """
                name: web
                description: Busy web frontends
                extends: [base]
                sysctl:
                  net.core.somaxconn: 8192
                  net.ipv4.ip_local_port_range: "10000 65000"
                  net.ipv4.tcp_tw_reuse: 1
                """);
        List<Profile> loaded = loader().loadAll(List.of(web));
        assertEquals(1, loaded.size());
        Profile p = loaded.get(0);
        assertEquals("web", p.name());
        assertEquals("Busy web frontends", p.description());
        assertEquals(web, p.file());
        assertEquals(List.of(dir.resolve("base.yaml").toAbsolutePath().normalize()), p.extendsFiles());
        assertEquals(Map.of("net.core.somaxconn", "8192", "net.ipv4.ip_local_port_range", "10000 65000",
                "net.ipv4.tcp_tw_reuse", "1"), sysctls(p.own()));
        assertEquals(Map.of("net.core.somaxconn", "8192", "net.ipv4.ip_local_port_range", "10000 65000",
                "net.ipv4.tcp_tw_reuse", "1", "net.ipv4.tcp_syncookies", "1"), sysctls(p.resolved()));
        // sorted by key
        assertEquals(List.of("net.core.somaxconn", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies",
                "net.ipv4.tcp_tw_reuse"), List.copyOf(p.resolved().get(SYSCTL).orElseThrow().values().keySet()));
    }

    @Test
    void nameDefaultsToTheFileStemAndValuesAreNormalised() throws Exception {
        Path f = write("many-outbound.yml", """
                sysctl:
                  net.ipv4.ip_local_port_range: "  1024 \t 65535 "
                  net.ipv4.tcp_rmem: 4096   87380   6291456
                """);
        Profile p = loader().loadAll(List.of(f)).get(0);
        assertEquals("many-outbound", p.name());
        assertEquals("", p.description());
        assertEquals(List.of(), p.extendsFiles());
        assertEquals(Map.of("net.ipv4.ip_local_port_range", "1024 65535", "net.ipv4.tcp_rmem", "4096 87380 6291456"),
                sysctls(p.resolved()));
    }

    @Test
    void extendsMergesInOrderLaterWinsAndOwnOverridesParents() throws Exception {
        write("a.yaml", """
                sysctl:
                  net.core.somaxconn: 100
                  net.core.netdev_max_backlog: 100
                  net.ipv4.tcp_fin_timeout: 100
                """);
        write("sub/b.yaml", """
                extends: ../a.yaml
                sysctl:
                  net.core.netdev_max_backlog: 200
                  net.ipv4.tcp_keepalive_time: 200
                """);
        write("c.yaml", """
                sysctl:
                  net.ipv4.tcp_keepalive_time: 300
                  net.ipv4.tcp_fin_timeout: 300
                """);
        Path child = write("child.yaml", """
                extends:
                  - sub/b
                  - c.yaml
                sysctl:
                  net.ipv4.tcp_fin_timeout: 400
                """);
        Profile p = loader().loadAll(List.of(child)).get(0);
        assertEquals(List.of(dir.resolve("sub/b.yaml"), dir.resolve("c.yaml")), p.extendsFiles());
        assertEquals(Map.of("net.ipv4.tcp_fin_timeout", "400"), sysctls(p.own()));
        assertEquals(Map.of(
                "net.core.somaxconn", "100",          // a, through b
                "net.core.netdev_max_backlog", "200", // b over a
                "net.ipv4.tcp_keepalive_time", "300", // c, later, over b
                "net.ipv4.tcp_fin_timeout", "400"),   // own over everything
                sysctls(p.resolved()));
    }

    @Test
    void mergeOfSeveralProfilesLaterWins() throws Exception {
        Path one = write("one.yaml", "sysctl: {net.core.somaxconn: 1, net.ipv4.tcp_tw_reuse: 0}\n");
        Path two = write("two.yaml", "sysctl: {net.core.somaxconn: 2}\n");
        List<Profile> both = loader().loadAll(List.of(one, two));
        assertEquals(List.of("one", "two"), both.stream().map(Profile::name).toList());
        assertEquals(Map.of("net.core.somaxconn", "2", "net.ipv4.tcp_tw_reuse", "0"),
                sysctls(ProfileLoader.merge(both)));
        assertEquals(Map.of("net.core.somaxconn", "1", "net.ipv4.tcp_tw_reuse", "0"),
                sysctls(ProfileLoader.merge(List.of(both.get(1), both.get(0)))));
        assertTrue(ProfileLoader.merge(List.of()).isEmpty());
    }

    @Test
    void softirqShorthandIsReadAsSysctlsInDocumentOrder() throws Exception {
        Path f = write("softirq.yaml", """
                sysctl:
                  net.core.netdev_budget: 300
                  net.core.somaxconn: 8192
                softirq:
                  budget: 600
                  budgetUsecs: 8000
                """);
        assertEquals(Map.of("net.core.netdev_budget", "600", "net.core.netdev_budget_usecs", "8000",
                "net.core.somaxconn", "8192"), sysctls(loader().loadAll(List.of(f)).get(0).own()));
        Path g = write("softirq-first.yaml", """
                softirq: {budget: 600}
                sysctl: {net.core.netdev_budget: 300}
                """);
        assertEquals(Map.of("net.core.netdev_budget", "300"), sysctls(loader().loadAll(List.of(g)).get(0).own()));
    }

    @Test
    void softirqShorthandProblems() throws Exception {
        Path f = write("softirq.yaml", """
                softirq:
                  budget: 0
                  budgt: 1
                  budgetUsecs: yes
                """);
        assertEquals(List.of(
                f + ":2:11: softirq.budget: 0 is out of range for net.core.netdev_budget (1..2147483647)",
                f + ":3:3: softirq.budgt: unknown key 'budgt' (did you mean 'budget'?); allowed: budget, budgetUsecs",
                f + ":4:16: softirq.budgetUsecs: sysctls take numbers: write 1 or 0, not yes"),
                problems(f));
    }

    @Test
    void profileWithoutSettingsIsEmpty() throws Exception {
        Path f = write("meta.yaml", "name: meta\ndescription: nothing yet\n");
        Profile p = loader().loadAll(List.of(f)).get(0);
        assertTrue(p.own().isEmpty());
        assertTrue(p.resolved().isEmpty());
    }

    @Test
    void extendsCycleIsDetected() throws Exception {
        Path a = write("a.yaml", "extends: [b]\nsysctl: {net.core.somaxconn: 1}\n");
        write("b.yaml", "sysctl: {net.core.somaxconn: 2}\nextends: a\n");
        assertEquals(List.of(dir.resolve("b.yaml") + ":2:10: extends: extends cycle: a.yaml -> b.yaml -> a.yaml"),
                problems(a));
    }

    @Test
    void profileExtendingItselfIsACycle() throws Exception {
        Path a = write("self.yaml", "extends: [self]\n");
        assertEquals(List.of(a + ":1:10: extends: extends cycle: self.yaml -> self.yaml"), problems(a));
    }

    @Test
    void missingExtendedFile() throws Exception {
        Path a = write("a.yaml", "name: a\nextends:\n  - nothere\n");
        assertEquals(List.of(a + ":3:3: extends: extended profile 'nothere' not found (looked for "
                + dir.resolve("nothere.yaml") + ")"), problems(a));
    }

    @Test
    void missingProfileFile() {
        Path f = dir.resolve("gone.yaml");
        assertEquals(List.of(f + ": profile file not found"), problems(f));
    }

    @Test
    void problemsOfTheExtendedFileAreReportedInThatFile() throws Exception {
        Path base = write("base.yaml", "sysctl:\n  net.core.somaxconn: 0\n");
        Path web = write("web.yaml", "extends: base\nsysctl:\n  net.ipv4.tcp_tw_reuse: 3\n");
        assertEquals(List.of(
                base + ":2:23: sysctl.net.core.somaxconn: 0 is out of range for net.core.somaxconn (1..4194240)",
                web + ":3:26: sysctl.net.ipv4.tcp_tw_reuse: 3 is out of range for net.ipv4.tcp_tw_reuse (0..2)"),
                problems(web));
    }

    @Test
    void validationReportsEveryProblemAtOnceSortedByLine() throws Exception {
        Path f = write("bad.yaml", """
                name: bad
                sysclt:
                  net.core.somaxconn: 1
                sysctl:
                  net.ipv4.tcp_syncookies: "1; touch /tmp/x"
                  net.ipv4.ip_local_port_range: "65000 10000"
                  net.ipv4.tcp_tw_reuse: true
                  Net.Core.Somaxconn: 5
                  net.core.somaxconn: 0
                  net.ipv4.tcp_rmem: 4096 87380
                  net.ipv4.tcp_fin_timeout: 30
                  net.ipv4.tcp_fin_timeout: 31
                  net.core.default_qdisc: fq_codle
                  net.ipv4.tcp_wmem: 4096 1024 8192
                description: [not, a, string]
                """);
        assertEquals(List.of(
                f + ":2:1: sysclt: unknown key 'sysclt' (did you mean 'sysctl'?); allowed: description, extends, name, softirq, sysctl",
                f + ":5:28: sysctl.net.ipv4.tcp_syncookies: value '1; touch /tmp/x' is not allowed: sysctl values are"
                        + " numbers and words (letters, digits, spaces and . , : / + = @ _ -)",
                f + ":6:33: sysctl.net.ipv4.ip_local_port_range: port range low end 65000 is above high end 10000",
                f + ":7:26: sysctl.net.ipv4.tcp_tw_reuse: sysctls take numbers: write 1 or 0, not true",
                f + ":8:3: sysctl.Net.Core.Somaxconn: 'Net.Core.Somaxconn' is not a sysctl name"
                        + " (dotted lowercase words, e.g. net.core.somaxconn)",
                f + ":9:23: sysctl.net.core.somaxconn: 0 is out of range for net.core.somaxconn (1..4194240)",
                f + ":10:22: sysctl.net.ipv4.tcp_rmem: expected three sizes: min default max, found '4096 87380'",
                f + ":12:3: sysctl.net.ipv4.tcp_fin_timeout: duplicate key (first at line 11)",
                // no qdisc list offline: which qdiscs exist is the host's to say, at plan
                f + ":14:22: sysctl.net.ipv4.tcp_wmem: values must not decrease (min <= default <= max),"
                        + " found '4096 1024 8192'",
                f + ":15:14: description: expected a value, found a list"),
                problems(f));
    }

    @Test
    void problemsOfSeveralFilesAreAllReported() throws Exception {
        Path one = write("one.yaml", "sysctl:\n  net.core.somaxconn: 99999999\n");
        Path two = write("two.yaml", "sysctl: [net.core.somaxconn]\n");
        Path three = write("three.yaml", "name: \"has space\"\n");
        assertEquals(List.of(
                one + ":2:23: sysctl.net.core.somaxconn: 99999999 is out of range for net.core.somaxconn (1..4194240)",
                three + ":1:7: name: profile name must be letters, digits, '.', '_' or '-' (at most 64)",
                two + ":1:9: sysctl: expected a mapping (key: value), found a list"),
                problems(one, two, three));
    }

    @Test
    void nonMappingSysctlSection() throws Exception {
        Path f = write("p.yaml", "sysctl: 8192\n");
        assertEquals(List.of(f + ":1:9: sysctl: expected a mapping (key: value), found '8192'"), problems(f));
    }

    @Test
    void nestedSysctlValueOtherThanABoundIsRefused() throws Exception {
        Path f = write("p.yaml", "sysctl:\n  net.core.somaxconn:\n    a: 1\n");
        assertEquals(List.of(f + ":3:5: sysctl.net.core.somaxconn.a: unknown key 'a'; allowed: atLeast, atMost"), problems(f));
    }

    @Test
    void topLevelMustBeAMapping() throws Exception {
        Path f = write("p.yaml", "- sysctl\n");
        assertEquals(List.of(f + ":1:1: expected a mapping (key: value), found a list"), problems(f));
    }

    @Test
    void yamlSyntaxErrorHasLineAndColumn() throws Exception {
        Path f = write("broken.yaml", """
                name: broken
                sysctl:
                  net.core.somaxconn: [8192
                  net.ipv4.tcp_tw_reuse: 1
                """);
        List<String> p = problems(f);
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).startsWith(f + ":4:24: YAML syntax error: "), p.get(0));
    }

    @Test
    void tabIndentationIsASyntaxError() throws Exception {
        Path f = write("tabs.yaml", "sysctl:\n\tnet.core.somaxconn: 1\n");
        List<String> p = problems(f);
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).startsWith(f + ":2:1: YAML syntax error: "), p.get(0));
    }

    @Test
    void recursiveAliasIsAProblemNotAStackOverflow() throws Exception {
        Path f = write("loop.yaml", "name: loop\nsysctl: &a {x: *a}\n");
        assertEquals(List.of(f + ":2:9: an alias refers to a collection that contains it (a recursive YAML alias)"),
                problems(f));
        Path shared = write("shared.yaml", "name: shared\nx: &a {net.core.somaxconn: 1024}\nsysctl: *a\n");
        assertTrue(problems(shared).stream().noneMatch(p -> p.contains("recursive")), "a shared alias is fine");
    }

    @Test
    void aliasesThatExpandABillionTimesFailFastAtTheAliasLine() throws Exception {
        // issue #19: under 1 KB, within SnakeYAML's 50-alias limit, but 9 * 3^16 (387 million) values
        // once expanded; substitution and the kinds walked all of them (seconds and a GB of heap)
        StringBuilder yaml = new StringBuilder("name: laughs\nl0: &l0 [\"${vars.x}\", b, c, d, e, f, g, h, i]\n");
        for (int i = 1; i <= 16; i++) {
            String prev = "*l" + (i - 1);
            yaml.append("l").append(i).append(": &l").append(i).append(" [").append(prev).append(", ").append(prev)
                    .append(", ").append(prev).append("]\n");
        }
        yaml.append("sysctl:\n  net.core.somaxconn: 1\n");
        Path f = write("laughs.yaml", yaml.toString());
        assertTrue(Files.size(f) < 1024, "a small file");
        ProfileLoader loader = new ProfileLoader(List.of(SYSCTL), new Variables(Map.of("x", "1"), "host web-1"));
        long start = System.nanoTime();
        ValidationException e = assertThrows(ValidationException.class, () -> loader.loadAll(List.of(f)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(List.of(f + ":13:6: YAML aliases make this document more than 1000000 values larger when"
                        + " expanded (a 'billion laughs' document?); write the values out, or use fewer aliases"),
                e.problems().stream().map(Problem::format).toList());
        assertTrue(millis < 2000, "failed fast: " + millis + " ms");
    }

    @Test
    void textThatIsNotUtf8IsSaidSo() throws Exception {
        Path f = dir.resolve("latin1.yaml");
        Files.write(f, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        assertEquals(List.of(f + ": not UTF-8 text"), problems(f));
    }

    @Test
    void emptyFile() throws Exception {
        Path f = write("empty.yaml", "");
        assertEquals(List.of(f + ":1:1: file is empty"), problems(f));
        Path comments = write("comments.yaml", "# only a comment\n");
        assertEquals(List.of(comments + ":1:1: file is empty"), problems(comments));
    }

    @Test
    void validationExceptionMessageListsEveryProblem() throws Exception {
        Path f = write("p.yaml", "sysctl:\n  net.core.somaxconn: 0\n  net.ipv4.tcp_tw_reuse: 9\n");
        ValidationException e = assertThrows(ValidationException.class, () -> loader().loadAll(List.of(f)));
        assertEquals(f + ":2:23: sysctl.net.core.somaxconn: 0 is out of range for net.core.somaxconn (1..4194240)\n"
                + f + ":3:26: sysctl.net.ipv4.tcp_tw_reuse: 9 is out of range for net.ipv4.tcp_tw_reuse (0..2)",
                e.getMessage());
        Problem first = e.problems().get(0);
        assertEquals(new Problem(f, 2, 23, "sysctl.net.core.somaxconn",
                "0 is out of range for net.core.somaxconn (1..4194240)"), first);
    }

    @Test
    void unknownSysctlKeysAreAllowedWhenWellFormed() throws Exception {
        Path f = write("p.yaml", "sysctl:\n  net.ipv4.conf.all.rp_filter: 2\n  net.core.default_qdisc: fq\n");
        assertEquals(Map.of("net.ipv4.conf.all.rp_filter", "2", "net.core.default_qdisc", "fq"),
                sysctls(loader().loadAll(List.of(f)).get(0).resolved()));
    }

    @Test
    void emptySysctlValueIsOneProblem() throws Exception {
        Path f = write("p.yaml", "sysctl:\n  net.core.somaxconn:\n  net.ipv4.tcp_tw_reuse: 1\n");
        List<String> p = problems(f);
        assertFalse(p.isEmpty());
        assertTrue(p.get(0).startsWith(f + ":2:"), p.get(0));
    }

    @Test
    void emptySysctlValueIsReportedOnce() throws Exception {
        Path f = write("p.yaml", "sysctl:\n  net.core.somaxconn:\n");
        assertEquals(1, problems(f).size(), problems(f).toString());
    }

    @Test
    void loaderReusedAfterAFailureStillRefusesTheBrokenParent() throws Exception {
        write("base.yaml", "sysctl:\n  net.core.somaxconn: 0\n");
        Path web = write("web.yaml", "extends: base\nsysctl:\n  net.ipv4.tcp_tw_reuse: 1\n");
        ProfileLoader reused = loader();
        assertThrows(ValidationException.class, () -> reused.loadAll(List.of(dir.resolve("base.yaml"))));
        assertThrows(ValidationException.class, () -> reused.loadAll(List.of(web)));
    }
}
