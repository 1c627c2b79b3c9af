package dev.netune.report;

import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Drift as JUnit XML, the format every CI system renders: one {@code <testsuite>} per host, one
 * {@code <testcase>} per setting the host's plan touched or checked ({@code classname} = host,
 * {@code name} = kind and target, so names are stable from run to run).
 *
 * <ul>
 *   <li>a setting as wanted (a no-op of the plan) passes;</li>
 *   <li>a drifted setting is a {@code <failure type="drift">} with message "before -> after";</li>
 *   <li>a plan error is an {@code <error type="plan-error">};</li>
 *   <li>a host that could not be reached or read is one errored test case ({@code connect} or {@code read}).</li>
 * </ul>
 *
 * <p>Written with the JDK's StAX writer, which escapes markup; characters XML 1.0 cannot carry at
 * all (control characters from a weird sysctl value) are replaced by U+FFFD first.
 */
public final class JunitReport {
    private JunitReport() {
    }

    /** A test case before it is written: exactly one of failure/error may be set. */
    private record Case(String name, String failureType, String message, String details, boolean error) {
        static Case pass(String name) {
            return new Case(name, null, null, null, false);
        }
    }

    public static String drift(List<HostOutcome> outcomes) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            List<List<Case>> all = new ArrayList<>();
            int tests = 0;
            int failures = 0;
            int errors = 0;
            PlanView view = PlanView.of(outcomes);
            for (PlanView.HostView h : view.hosts()) {
                List<Case> cases = cases(h);
                all.add(cases);
                tests += cases.size();
                failures += (int) cases.stream().filter(c -> c.failureType != null && !c.error).count();
                errors += (int) cases.stream().filter(c -> c.error).count();
            }
            w.writeStartElement("testsuites");
            w.writeAttribute("name", "netune drift");
            w.writeAttribute("tests", Integer.toString(tests));
            w.writeAttribute("failures", Integer.toString(failures));
            w.writeAttribute("errors", Integer.toString(errors));
            w.writeAttribute("time", "0");
            w.writeCharacters("\n");
            for (int i = 0; i < outcomes.size(); i++) {
                suite(w, outcomes.get(i), all.get(i));
            }
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot render JUnit XML", e);
        }
        return out.toString();
    }

    private static List<Case> cases(PlanView.HostView h) {
        HostOutcome o = h.outcome();
        List<Case> cases = new ArrayList<>();
        if (h.plan().isEmpty()) {
            String name = o.status() == HostStatus.UNREACHABLE ? "connect" : "read";
            cases.add(new Case(name, o.status().name().toLowerCase(java.util.Locale.ROOT), o.message(), null, true));
            return cases;
        }
        PlanView.PlanPart p = h.plan().get();
        for (PlanView.ItemView e : p.errors()) {
            cases.add(new Case(e.name(), "plan-error", e.text(), null, true));
        }
        for (PlanView.ChangeView c : p.changes()) {
            cases.add(drifted(c));
        }
        for (PlanView.ItemView n : p.unchanged()) {
            cases.add(Case.pass(n.name()));
        }
        if (o.status().isError() && p.errors().isEmpty()) {
            // A host that failed for another reason than plan errors (it has a plan, e.g. stale).
            cases.add(new Case("host", o.status().name().toLowerCase(java.util.Locale.ROOT), o.message(), null, true));
        }
        return cases;
    }

    private static Case drifted(PlanView.ChangeView c) {
        String name = c.name();
        boolean multiline = c.multiline();
        String before = c.before() == null ? "(absent)" : c.before();
        String after = c.after() == null ? "(absent)" : c.after();
        if (!multiline) {
            String details = c.notes().isEmpty() ? null : String.join("\n", c.notes());
            return new Case(name, "drift", before + " -> " + after, details, false);
        }
        String message = switch (c.action()) {
            case CREATE -> "missing";
            case DELETE -> "present but not wanted";
            case UPDATE -> "content differs";
        };
        StringBuilder d = new StringBuilder();
        d.append("--- on the host\n").append(before).append(before.endsWith("\n") ? "" : "\n");
        d.append("+++ wanted\n").append(after).append(after.endsWith("\n") ? "" : "\n");
        c.notes().forEach(n -> d.append("(").append(n).append(")\n"));
        return new Case(name, "drift", message, d.toString(), false);
    }

    private static void suite(XMLStreamWriter w, HostOutcome o, List<Case> cases) throws XMLStreamException {
        String host = o.target().name();
        w.writeCharacters("  ");
        w.writeStartElement("testsuite");
        w.writeAttribute("name", clean(host));
        w.writeAttribute("hostname", clean(o.target().address()));
        w.writeAttribute("tests", Integer.toString(cases.size()));
        w.writeAttribute("failures", Long.toString(cases.stream().filter(c -> c.failureType != null && !c.error).count()));
        w.writeAttribute("errors", Long.toString(cases.stream().filter(c -> c.error).count()));
        w.writeAttribute("skipped", "0");
        w.writeAttribute("time", "0");
        w.writeCharacters("\n");
        for (Case c : cases) {
            w.writeCharacters("    ");
            if (c.failureType == null) {
                w.writeEmptyElement("testcase");
                testcaseAttributes(w, host, c);
            } else {
                w.writeStartElement("testcase");
                testcaseAttributes(w, host, c);
                w.writeStartElement(c.error ? "error" : "failure");
                w.writeAttribute("type", c.failureType);
                w.writeAttribute("message", clean(oneLine(c.message)));
                if (c.details != null) {
                    w.writeCharacters(clean(c.details));
                }
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeCharacters("\n");
        }
        if (o.plan() != null && !o.plan().warnings().isEmpty()) {
            w.writeCharacters("    ");
            w.writeStartElement("system-err");
            w.writeCharacters(clean(String.join("\n", o.plan().warnings().stream().map(s -> "warning: " + s).toList())));
            w.writeEndElement();
            w.writeCharacters("\n");
        }
        w.writeCharacters("  ");
        w.writeEndElement();
        w.writeCharacters("\n");
    }

    private static void testcaseAttributes(XMLStreamWriter w, String host, Case c) throws XMLStreamException {
        w.writeAttribute("classname", clean(host));
        w.writeAttribute("name", clean(c.name));
        w.writeAttribute("time", "0");
    }

    /** Attribute values are normalised by parsers (newlines become spaces): say so explicitly. */
    private static String oneLine(String s) {
        return s == null ? "" : s.replace("\r", "").replace("\n", " ").replace("\t", " ");
    }

    /** Replaces characters XML 1.0 cannot represent even escaped. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            sb.appendCodePoint(ok ? cp : 0xFFFD);
            i += Character.charCount(cp);
        }
        return sb.toString();
    }
}
