package dev.netune.report;

import dev.netune.plan.ChangeKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.plan.Change;
import dev.netune.plan.NoOp;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitReportTest {

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element suite(Document d, String host) {
        NodeList suites = d.getElementsByTagName("testsuite");
        for (int i = 0; i < suites.getLength(); i++) {
            Element e = (Element) suites.item(i);
            if (e.getAttribute("name").equals(host)) {
                return e;
            }
        }
        throw new AssertionError("no suite " + host);
    }

    private static Element testcase(Element suite, String name) {
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            if (e.getAttribute("name").equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no testcase " + name);
    }

    private static List<HostOutcome> fleet() {
        return List.of(
                Fixtures.outcome(Fixtures.target("web-1", "10.0.0.1"), HostStatus.OK,
                        Fixtures.plan(List.of(), List.of(Fixtures.RANGE_OK,
                                new NoOp(ChangeKind.of("sysctl"), "net.core.somaxconn", "already 8192")), List.of(), List.of()), ""),
                Fixtures.outcome(Fixtures.target("web-2", "10.0.0.2"), HostStatus.CHANGES,
                        Fixtures.plan(List.of(Fixtures.SOMAXCONN, Fixtures.UPDATE_FILE), List.of(Fixtures.RANGE_OK),
                                List.of(), List.of("net.core.netdev_max_backlog is global")), ""),
                Fixtures.outcome(Fixtures.target("db-1", "10.0.0.3"), HostStatus.FAILED,
                        Fixtures.plan(List.of(Fixtures.SOMAXCONN), List.of(), List.of(Fixtures.RECYCLE), List.of()),
                        "1 plan error(s); nothing will be changed"),
                Fixtures.outcome(Fixtures.target("db-2", "10.0.0.4"), HostStatus.UNREACHABLE, null,
                        "connection to db-2 (10.0.0.4:22) refused"));
    }

    @Test
    void oneSuitePerHostWithCountsAndStableNames() throws Exception {
        Document d = parse(JunitReport.drift(fleet()));
        Element root = d.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals("8", root.getAttribute("tests"));
        assertEquals("3", root.getAttribute("failures"));
        assertEquals("2", root.getAttribute("errors"));
        assertEquals(4, d.getElementsByTagName("testsuite").getLength());

        Element web1 = suite(d, "web-1");
        assertEquals("10.0.0.1:22", web1.getAttribute("hostname"));
        assertEquals("2", web1.getAttribute("tests"));
        assertEquals("0", web1.getAttribute("failures"));
        assertEquals("0", web1.getAttribute("errors"));
        Element ok = testcase(web1, "sysctl net.ipv4.ip_local_port_range");
        assertEquals("web-1", ok.getAttribute("classname"));
        assertEquals(0, ok.getChildNodes().getLength(), "a setting as wanted passes");

        Element web2 = suite(d, "web-2");
        assertEquals("3", web2.getAttribute("tests"));
        assertEquals("2", web2.getAttribute("failures"));
        Element failure = (Element) testcase(web2, "sysctl net.core.somaxconn").getElementsByTagName("failure").item(0);
        assertEquals("4096 -> 8192", failure.getAttribute("message"));
        assertEquals("drift", failure.getAttribute("type"));
        Element file = (Element) testcase(web2, "sysctl-file " + Fixtures.FILE).getElementsByTagName("failure").item(0);
        assertEquals("content differs", file.getAttribute("message"));
        assertTrue(file.getTextContent().contains("--- on the host\n" + Fixtures.HEADER + "net.core.somaxconn = 1024"),
                file.getTextContent());
        assertTrue(file.getTextContent().contains("+++ wanted\n" + Fixtures.HEADER + "net.core.somaxconn = 8192\n"));
        assertEquals("warning: net.core.netdev_max_backlog is global",
                web2.getElementsByTagName("system-err").item(0).getTextContent());

        Element db1 = suite(d, "db-1");
        assertEquals("1", db1.getAttribute("errors"));
        assertEquals("1", db1.getAttribute("failures"));
        Element error = (Element) testcase(db1, "sysctl net.ipv4.tcp_tw_recycle").getElementsByTagName("error").item(0);
        assertEquals("plan-error", error.getAttribute("type"));
        assertTrue(error.getAttribute("message").startsWith("net.ipv4.tcp_tw_recycle does not exist"));

        Element db2 = suite(d, "db-2");
        assertEquals("1", db2.getAttribute("tests"));
        assertEquals("1", db2.getAttribute("errors"));
        Element unreachable = (Element) testcase(db2, "connect").getElementsByTagName("error").item(0);
        assertEquals("unreachable", unreachable.getAttribute("type"));
        assertEquals("connection to db-2 (10.0.0.4:22) refused", unreachable.getAttribute("message"));
    }

    @Test
    void markupAndControlCharactersInValuesStayWellFormed() throws Exception {
        Change nasty = new Change(ChangeKind.of("sysctl"), "net.x<&\"'>", "a<b & \"c\"\u0001", "]]> 'd'");
        String xml = JunitReport.drift(List.of(Fixtures.outcome(Fixtures.target("h&<1", "10.0.0.9"),
                HostStatus.CHANGES, Fixtures.plan(List.of(nasty), List.of(), List.of(), List.of()), "")));
        Document d = parse(xml);
        Element tc = (Element) d.getElementsByTagName("testcase").item(0);
        assertEquals("h&<1", tc.getAttribute("classname"));
        assertEquals("sysctl net.x<&\"'>", tc.getAttribute("name"));
        assertEquals("a<b & \"c\"\uFFFD -> ]]> 'd'",
                ((Element) tc.getElementsByTagName("failure").item(0)).getAttribute("message"));
    }

    @Test
    void sameInputSameDocument() {
        assertEquals(JunitReport.drift(fleet()), JunitReport.drift(fleet()));
        assertTrue(JunitReport.drift(List.of()).contains("<testsuites name=\"netune drift\" tests=\"0\""));
    }
}
