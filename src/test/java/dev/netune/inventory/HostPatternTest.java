package dev.netune.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostPatternTest {
    private static Host host(String name, String address, String... groups) {
        return new Host(name, address, 22, "root", null, Path.of("/k"), false, List.of(groups), List.of());
    }

    private static final List<Host> HOSTS = List.of(
            host("web-1", "10.0.0.11", "web", "prod"),
            host("web-2", "10.0.0.12", "web", "staging"),
            host("db-1", "10.0.1.21", "db", "prod"),
            host("proxy-1", "proxy1.example.com", "proxies", "prod"),
            host("lone", "10.0.9.9"));

    private static List<String> select(String pattern) {
        return HostPattern.select(HOSTS, pattern).stream().map(Host::name).toList();
    }

    @Test
    void allAndNullSelectEverything() {
        assertSame(HOSTS, HostPattern.select(HOSTS, null));
        assertSame(HOSTS, HostPattern.select(HOSTS, "all"));
        assertEquals(List.of("web-1", "web-2", "db-1", "proxy-1", "lone"), select("all,db-1"));
    }

    @Test
    void blankPatternsHaveNoTermsSoTheCommandLineCanRefuseThem() {
        assertEquals(List.of(), HostPattern.terms(""));
        assertEquals(List.of(), HostPattern.terms("  "));
        assertEquals(List.of(), HostPattern.terms(", :"));
        assertEquals(List.of(), HostPattern.terms("!,&"));
        assertEquals(List.of("web", "!db-1", "&prod"), HostPattern.terms("web, !db-1:&prod"));
    }

    @Test
    void termsMatchingNothingAreNamedWithoutTheirOperator() {
        assertEquals(List.of("wbe-2", "web-l"), HostPattern.unmatchedTerms(HOSTS, "web-1,wbe-2,!web-l,&prod"));
        assertEquals(List.of(), HostPattern.unmatchedTerms(HOSTS, "web-*,!db-1,&10.0.*"));
        assertEquals(List.of(), HostPattern.unmatchedTerms(HOSTS, null));
    }

    @Test
    void hostNames() {
        assertEquals(List.of("db-1"), select("db-1"));
        assertEquals(List.of("web-2", "lone"), select("web-2,lone"));
        assertEquals(List.of(), select("db-"));  // a name matches whole, not as a prefix
        assertEquals(List.of(), select("WEB-1"));
    }

    @Test
    void groups() {
        assertEquals(List.of("web-1", "web-2"), select("web"));
        assertEquals(List.of("web-1", "db-1", "proxy-1"), select("prod"));
    }

    @Test
    void globsOnNamesAddressesAndGroups() {
        assertEquals(List.of("web-1", "web-2"), select("web-*"));
        assertEquals(List.of("web-1", "web-2", "db-1"), select("10.0.?.*1*"));
        assertEquals(List.of("web-1", "web-2", "db-1", "lone"), select("10.0.*"));
        assertEquals(List.of("proxy-1"), select("*.example.com"));
        assertEquals(List.of("web-2"), select("stag*"));
        // '.' is literal, not a regex wildcard
        assertEquals(List.of(), select("10x0x0x11"));
        assertEquals(List.of(), select("web-[12]"));
    }

    @Test
    void listsWithCommaOrColonKeepInventoryOrder() {
        assertEquals(List.of("web-1", "db-1"), select("db-1,web-1"));
        assertEquals(List.of("web-2", "lone"), select("lone:web-2"));
        assertEquals(List.of("web-1", "web-2", "db-1"), select(" web , db "));
        assertEquals(List.of("db-1"), select("db-1,,db-1:"));
    }

    @Test
    void exclusions() {
        assertEquals(List.of("web-1"), select("web:!web-2"));
        assertEquals(List.of("web-1", "web-2", "proxy-1", "lone"), select("!db"));
        assertEquals(List.of("lone"), select("!prod,!staging"));
        // exclusion wins regardless of position
        assertEquals(List.of("web-2"), select("!web-1,web"));
    }

    @Test
    void intersections() {
        assertEquals(List.of("web-1"), select("web:&prod"));
        assertEquals(List.of("web-1", "db-1", "proxy-1"), select("&prod"));
        assertEquals(List.of("db-1"), select("web,db:&prod:!web-1"));
        assertEquals(List.of(), select("web:&db"));
    }

    @Test
    void noMatch() {
        assertEquals(List.of(), select("nothing-*"));
    }

    @Test
    void subscriptsRegexesAndIpv6AsInAnsible() {
        assertEquals(List.of("web-1"), select("prod[0]"));
        assertEquals(List.of("proxy-1"), select("prod[-1]"));
        assertEquals(List.of("db-1", "proxy-1"), select("prod[1:2]"), "the end is included");
        assertEquals(List.of("db-1", "proxy-1"), select("prod[1:]"));
        assertEquals(List.of("web-1", "db-1"), select("prod[0]:db"), "':' inside [] does not split");
        assertEquals(List.of("web-1", "web-2"), select("~web"), "matched from the start");
        assertEquals(List.of("proxy-1"), select("~pro(x|d)y"));
        assertEquals(List.of("2001:db8::1"), HostPattern.terms("2001:db8::1"), "an IPv6 address is one term");
    }
}
