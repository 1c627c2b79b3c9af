package dev.netune.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netune.kinds.Kinds;
import dev.netune.setting.sysctl.SysctlKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariablesTest {
    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws Exception {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private static Map<String, String> sysctls(Path file, Variables vars) throws ValidationException {
        DesiredState d = ProfileLoader.merge(new ProfileLoader(Kinds.all(), vars).loadAll(List.of(file)));
        return d.get(Kinds.all().stream().filter(k -> k instanceof SysctlKind).map(k -> (SysctlKind) k)
                .findFirst().orElseThrow()).orElseThrow().values();
    }

    @Test
    void referencesAreReplacedAloneOrInsideAStringAndTypedAsIfWrittenThere() throws Exception {
        Path p = write("web.yaml", """
                sysctl:
                  net.core.somaxconn: ${vars.backlog}
                  net.ipv4.ip_local_port_range: "${vars.port_lo} 65000"
                """);
        assertEquals(Map.of("net.core.somaxconn", "8192", "net.ipv4.ip_local_port_range", "10000 65000"),
                sysctls(p, new Variables(Map.of("backlog", "8192", "port_lo", "10000"), "host web-1")));
    }

    @Test
    void anUndefinedVariableIsAProblemAtItsPlaceNamingTheHost() throws Exception {
        Path p = write("web.yaml", "sysctl:\n  net.core.somaxconn: ${vars.backlog}\n");
        ValidationException e = assertThrows(ValidationException.class,
                () -> sysctls(p, new Variables(Map.of("other", "1"), "host web-1")));
        assertEquals(List.of(new Problem(p, 2, 23, "sysctl.net.core.somaxconn", "undefined variable vars.backlog for"
                + " host web-1: define it in the inventory's group or host vars")), e.problems());
        ValidationException local = assertThrows(ValidationException.class, () -> sysctls(p, Variables.NONE));
        assertEquals("undefined variable vars.backlog: variables come from an inventory (group or host vars); use -i",
                local.problems().get(0).message());
    }

    @Test
    void aValueFromAVariableIsValidatedLikeAWrittenOne() throws Exception {
        Path p = write("web.yaml", "sysctl:\n  net.core.somaxconn: ${vars.backlog}\n");
        ValidationException e = assertThrows(ValidationException.class,
                () -> sysctls(p, new Variables(Map.of("backlog", "1; touch /tmp/x"), "host web-1")));
        assertEquals(1, e.problems().size());
        assertEquals(2, e.problems().get(0).line());
        assertEquals("value '1; touch /tmp/x' is not allowed: sysctl values are numbers and words"
                + " (letters, digits, spaces and . , : / + = @ _ -)", e.problems().get(0).message());
    }

    @Test
    void doubleDollarWritesAReferenceLiterallyAndExtendsIsNeverSubstituted() throws Exception {
        write("base.yaml", "sysctl:\n  net.core.somaxconn: ${vars.backlog}\n");
        Path p = write("web.yaml", "extends: [base]\nsysctl:\n  net.ipv4.tcp_fin_timeout: ${vars.fin}\n");
        assertEquals(Map.of("net.core.somaxconn", "4096", "net.ipv4.tcp_fin_timeout", "15"),
                sysctls(p, new Variables(Map.of("backlog", "4096", "fin", "15"), "host web-1")));
        assertEquals(Set.of("backlog", "fin"), Variables.namesUsed(List.of(p)), "names in extended files count too");
        Path literal = write("lit.yaml", "description: \"costs $${vars.x}\"\nsysctl:\n  net.core.somaxconn: 1024\n");
        assertEquals("costs ${vars.x}", new ProfileLoader(Kinds.all(), Variables.NONE).loadAll(List.of(literal)).get(0)
                .description());
        assertEquals(Set.of(), Variables.namesUsed(List.of(literal)));
    }

    @Test
    void hostsAgreeingOnTheUsedVariablesShareALoading() {
        Variables a = new Variables(Map.of("backlog", "8192", "rack", "12"), "host a");
        Variables b = new Variables(Map.of("backlog", "8192", "rack", "14"), "host b");
        assertEquals(a.restrictedTo(Set.of("backlog")).values(), b.restrictedTo(Set.of("backlog")).values());
    }
}
