package dev.netune.report;

import static dev.netune.report.Fixtures.BACKLOG;
import static dev.netune.report.Fixtures.CREATE_FILE;
import static dev.netune.report.Fixtures.RANGE_OK;
import static dev.netune.report.Fixtures.RECYCLE;
import static dev.netune.report.Fixtures.SOMAXCONN;
import static dev.netune.report.Fixtures.outcome;
import static dev.netune.report.Fixtures.plan;
import static dev.netune.report.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.plan.Change;
import dev.netune.plan.ChangeKind;
import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

/** The Markdown report read back by a CommonMark parser with GitHub's table extension. */
class MarkdownReportTest {
    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();

    /** 3 hosts: web-1 drifted, web-2 as wanted, db-1 failed with a plan error. */
    static List<HostOutcome> threeHosts() {
        return List.of(
                outcome(target("web-1", "10.0.1.1"), HostStatus.CHANGES,
                        plan(List.of(SOMAXCONN, BACKLOG, CREATE_FILE), List.of(RANGE_OK), List.of(), List.of()), ""),
                outcome(target("web-2", "10.0.1.2"), HostStatus.OK, plan(List.of(), List.of(RANGE_OK), List.of(), List.of()), ""),
                outcome(target("db-1", "10.0.2.1"), HostStatus.FAILED,
                        plan(List.of(), List.of(), List.of(RECYCLE), List.of()), "1 plan error(s)"));
    }

    /** Each table of the document as rows of cell texts (header row first). */
    static List<List<List<String>>> tables(Node doc) {
        List<List<List<String>>> tables = new ArrayList<>();
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(CustomBlock block) {
                if (block instanceof TableBlock) {
                    List<List<String>> rows = new ArrayList<>();
                    collectRows(block, rows);
                    tables.add(rows);
                }
            }
        });
        return tables;
    }

    private static void collectRows(Node n, List<List<String>> rows) {
        for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
            if (c instanceof TableRow) {
                List<String> cells = new ArrayList<>();
                for (Node cell = c.getFirstChild(); cell != null; cell = cell.getNext()) {
                    cells.add(text((TableCell) cell));
                }
                rows.add(cells);
            } else {
                collectRows(c, rows);
            }
        }
    }

    /** The literal text of a node: text and code spans, no markup. */
    static String text(Node n) {
        StringBuilder sb = new StringBuilder();
        n.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                sb.append(t.getLiteral());
            }

            @Override
            public void visit(Code c) {
                sb.append(c.getLiteral());
            }

            @Override
            public void visit(HtmlInline h) {
                sb.append("<HTML:").append(h.getLiteral()).append('>');
            }
        });
        return sb.toString();
    }

    @Test
    void threeHostPlanWithDriftAndAFailure() {
        String md = MarkdownReport.plan("drift", threeHosts(), false);
        Node doc = PARSER.parse(md);
        Node first = doc.getFirstChild();
        assertTrue(first instanceof Heading, md);
        assertEquals("netune drift: errors", text(first));
        assertEquals("3 change(s) on 1 host(s); 1 unchanged, 1 failed, 0 unreachable (3 host(s))",
                text(first.getNext()));

        List<List<List<String>>> tables = tables(doc);
        assertEquals(List.of(
                List.of("Status", "Hosts", "Names"),
                List.of("failed", "1", "db-1"),
                List.of("changes", "1", "web-1"),
                List.of("ok", "1", "web-2")), tables.get(0), md);
        assertEquals(List.of(
                List.of("Status", "Hosts", "Names"),
                List.of("FAILED - 1 plan error(s)", "1", "db-1")), tables.get(1), md);
        assertEquals(List.of(
                List.of("Setting", "Error", "Hosts"),
                List.of("sysctl net.ipv4.tcp_tw_recycle", RECYCLE.message(), "1: db-1")), tables.get(2), md);
        assertEquals(List.of(
                List.of("", "Setting", "Before", "After", "Hosts"),
                List.of("~", "sysctl net.core.somaxconn", "4096", "8192", "1: web-1"),
                List.of("~", "sysctl net.core.netdev_max_backlog", "1000",
                        "16384 (global to the kernel, not per network namespace)", "1: web-1"),
                List.of("+", "sysctl-file /etc/sysctl.d/99-zz-netune.conf", "(none)",
                        "file, 4 line(s) (persists the values across reboots)", "1: web-1")), tables.get(3), md);
        assertEquals(4, tables.size(), md);

        // collapsible blocks: the file's lines, then the failing host first, then the drifted one
        List<String> html = new ArrayList<>();
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(HtmlBlock h) {
                html.add(h.getLiteral().strip());
            }
        });
        assertEquals(List.of(
                "<details><summary>sysctl-file /etc/sysctl.d/99-zz-netune.conf on 1 host(s)</summary>", "</details>",
                "<details><summary>db-1 (10.0.2.1:22): failed</summary>", "</details>",
                "<details><summary>web-1 (10.0.1.1:22): 3 to change</summary>", "</details>"), html, md);
        assertTrue(md.contains("```diff\n+ # Managed by netune."), md);
        assertTrue(md.contains("\n+ net.core.netdev_max_backlog = 16384\n+ net.core.somaxconn = 8192\n```\n"), md);
    }

    @Test
    void fiftyHostsSharingChangesListThemOnce() {
        String md = MarkdownReport.plan("plan", FleetViewTest.fiftyHosts(), false);
        List<List<String>> changes = tables(PARSER.parse(md)).get(3);
        assertEquals(List.of(
                List.of("", "Setting", "Before", "After", "Hosts"),
                List.of("~", "sysctl net.core.somaxconn", "4096", "8192", "48: web-[01:48]"),
                List.of("~", "sysctl net.core.netdev_max_backlog", "1000",
                        "16384 (global to the kernel, not per network namespace)", "48: web-[01:48]"),
                List.of("~", "sysctl net.core.somaxconn", "128", "8192", "1: db-2")), changes, md);
    }

    @Test
    void verboseDetailsEveryHostWithWhatIsAlreadyAsWanted() {
        String md = MarkdownReport.plan("plan", threeHosts(), true);
        assertTrue(md.startsWith("### netune plan: errors\n"), md);
        assertTrue(md.contains("<details><summary>web-2 (10.0.1.2:22): no changes</summary>"), md);
        assertTrue(md.contains("- = net\\.ipv4\\.ip\\_local\\_port\\_range is already 10000 65000\n"), md);
    }

    @Test
    void hostTextStaysTextInATableCell() {
        // a value read from a host with everything that could break a table or inject markup
        String hostile = "a|b `c` <img src=x onerror=alert(1)> **d**\u001b[2J| x | y |";
        List<HostOutcome> fleet = List.of(outcome(target("web-1", "10.0.1.1"), HostStatus.CHANGES,
                plan(List.of(new Change(ChangeKind.of("sysctl"), "net.x", hostile, "1")), List.of(), List.of(), List.of()), ""));
        Node doc = PARSER.parse(MarkdownReport.plan("plan", fleet, false));
        List<List<String>> changes = tables(doc).get(1);
        assertEquals(2, changes.size());
        assertEquals(List.of("~", "sysctl net.x", hostile.replace("\u001b", "^["), "1", "1: web-1"), changes.get(1));
        assertFalse(text(doc).contains("<HTML:"), text(doc));
    }
}
