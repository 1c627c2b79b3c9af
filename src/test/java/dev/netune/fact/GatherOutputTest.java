package dev.netune.fact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class GatherOutputTest {

    @Test
    void splitsIntoSectionsWithArgsAndBodies() {
        List<Section> s = GatherOutput.split("""
                @@netune host
                hostname=web-1
                kernel=6.1.0-18-amd64
                uid=0
                @@netune sysctl net.core.somaxconn present
                4096
                @@netune sysctl net.ipv4.ip_local_port_range present
                32768\t60999
                @@netune sysctl net.ipv4.tcp_tw_recycle missing
                @@netune end
                """);
        assertEquals(List.of(
                new Section("host", List.of(), "hostname=web-1\nkernel=6.1.0-18-amd64\nuid=0"),
                new Section("sysctl", List.of("net.core.somaxconn", "present"), "4096"),
                new Section("sysctl", List.of("net.ipv4.ip_local_port_range", "present"), "32768\t60999"),
                new Section("sysctl", List.of("net.ipv4.tcp_tw_recycle", "missing"), ""),
                new Section("end", List.of(), "")), s);
    }

    @Test
    void textBeforeTheFirstMarkerIsIgnored() {
        assertEquals(List.of(new Section("host", List.of(), "uid=0")), GatherOutput.split("""
                Welcome to Ubuntu 22.04.4 LTS
                motd says: @@netune x (not at the start of the line)
                 @@netune indented is not a marker either
                @@netune host
                uid=0
                """));
        assertEquals(List.of(), GatherOutput.split("no markers at all\n"));
        assertEquals(List.of(), GatherOutput.split(""));
    }

    @Test
    void trailingNewlinesOfABodyAreNotContentButInnerBlankLinesAre() {
        List<Section> s = GatherOutput.split("@@netune file /etc/x present\na = 1\n\nb = 2\n\n\n@@netune end");
        assertEquals(new Section("file", List.of("/etc/x", "present"), "a = 1\n\nb = 2"), s.get(0));
        assertEquals(new Section("end", List.of(), ""), s.get(1));
        // without a final newline, and a body of only blank lines
        assertEquals(List.of(new Section("a", List.of(), "x"), new Section("b", List.of(), "")),
                GatherOutput.split("@@netune a\nx\n@@netune b\n\n\n"));
    }

    @Test
    void leadingSpacesOfBodyLinesAndTabsAreKept() {
        assertEquals(List.of(new Section("ethtool", List.of("eth0", "-g"), "Ring parameters for eth0:\n  RX:\t4096")),
                GatherOutput.split("@@netune ethtool eth0 -g\nRing parameters for eth0:\n  RX:\t4096\n"));
    }

    @Test
    void markerWordsAreSplitOnRunsOfSpacesAndTrimmed() {
        assertEquals(List.of(new Section("applied", List.of("sysctl", "net.core.somaxconn", "ok"), "")),
                GatherOutput.split("@@netune   applied  sysctl   net.core.somaxconn ok   \n"));
    }

    @Test
    void markerNeedsItsSpace() {
        // "@@netune" alone or glued to a word is body text, not a marker
        assertEquals(List.of(new Section("a", List.of(), "@@netune\n@@netunex y")),
                GatherOutput.split("@@netune a\n@@netune\n@@netunex y\n"));
    }

    @Test
    void sectionArgsAreImmutableAndOutOfRangeArgIsEmpty() {
        Section s = GatherOutput.split("@@netune sysctl k present\n").get(0);
        assertEquals("k", s.arg(0));
        assertEquals("present", s.arg(1));
        assertEquals("", s.arg(2));
        assertThrows(UnsupportedOperationException.class, () -> s.args().add("x"));
    }

    @Test
    void markerCommandQuotesEveryArgumentItself() {
        assertEquals("echo '@@netune end'", GatherOutput.markerCommand("end"));
        assertEquals("echo '@@netune file' '/etc/x' 'present'", GatherOutput.markerCommand("file", "/etc/x", "present"));
        // issue #18: safety no longer depends on callers quoting; a hostile value stays one word
        assertEquals("echo '@@netune file' '/x'\\''; reboot #' 'ok'", GatherOutput.markerCommand("file", "/x'; reboot #", "ok"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GatherOutput.markerCommand("file'; reboot #"));
    }

    @Test
    void gatherScriptEndsWithTheEndMarkerAndParseNeedsIt() throws Exception {
        Gather g = new Gather();
        String script = g.script();
        assertEquals("export LC_ALL=C\nPATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH\n" + HostInfo.SOURCE.script()
                + "echo '@@netune end'\n", script);
        Gather.IncompleteFactsException e = assertThrows(Gather.IncompleteFactsException.class,
                () -> g.parse("@@netune host\nhostname=web-1\n"));
        assertEquals("fact-gathering script did not finish (no end marker)", e.getMessage());
        assertThrows(Gather.IncompleteFactsException.class, () -> g.parse(""));
        HostFacts f = g.parse("@@netune host\nhostname=web-1\nkernel=6.1.0-18-amd64\nuid=abc\n@@netune end\n");
        assertEquals(new HostInfo("web-1", "6.1.0-18-amd64", -1), f.host());
        assertEquals("hostname web-1, kernel 6.1.0-18-amd64, scripts run as uid -1", f.host().toText());
    }
}
