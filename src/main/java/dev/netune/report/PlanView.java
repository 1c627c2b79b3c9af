package dev.netune.report;

import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.plan.Action;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.plan.NoOp;
import dev.netune.plan.PlanError;
import dev.netune.setting.ChangeResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The one view of plans and results that every format renders (text, grouped text, JSON, JUnit,
 * Markdown, Prometheus): each change's action, name and shape are worked out here once, so the
 * formats cannot disagree about them.
 */
public record PlanView(List<HostView> hosts, Summary summary) {
    public PlanView {
        hosts = List.copyOf(hosts);
    }

    public static PlanView of(List<HostOutcome> outcomes) {
        return new PlanView(outcomes.stream().map(HostView::of).toList(), Summary.of(outcomes));
    }

    /** One host: its outcome, its plan when it was read, its apply results. */
    public record HostView(HostOutcome outcome, Optional<PlanPart> plan, List<ResultView> results) {
        static HostView of(HostOutcome o) {
            return new HostView(o, Optional.ofNullable(o.plan()).map(PlanPart::of),
                    o.results().stream().map(ResultView::of).toList());
        }

        public String name() {
            return outcome.target().name();
        }

        public HostStatus status() {
            return outcome.status();
        }
    }

    /** A host's plan as rendered: changes, settings already as wanted, errors and what follows. */
    public record PlanPart(List<ChangeView> changes, List<ItemView> unchanged, List<ItemView> errors,
                           List<String> warnings, List<String> deferred, List<String> connectionRisks) {
        static PlanPart of(HostPlan p) {
            return new PlanPart(p.changes().stream().map(ChangeView::of).toList(),
                    p.unchanged().stream().map(ItemView::of).toList(),
                    p.errors().stream().map(ItemView::of).toList(),
                    p.warnings(), p.deferred(), p.connectionRisks());
        }
    }

    /** One change: what it does to which target, and from what to what (null where absent). */
    public record ChangeView(String kind, String target, Action action, String before, String after,
                             List<String> notes) {
        static ChangeView of(Change c) {
            if (c.kind().library()) {
                return new ChangeView(c.kind().name(), c.target(), c.action(), digest(c.before()), digest(c.after()),
                        c.notes());
            }
            return new ChangeView(c.kind().name(), c.target(), c.action(), c.before(), c.after(), c.notes());
        }

        /** Kind and target: a stable name for the setting across runs (JUnit test names). */
        public String name() {
            return kind + " " + target;
        }

        /** Whether before or after spans lines (a file): shown as a line diff, not "before -> after". */
        public boolean multiline() {
            return (before != null && before.contains("\n")) || (after != null && after.contains("\n"));
        }
    }

    /** A no-op (with its reason) or a plan error (with its message). */
    public record ItemView(String kind, String target, String text) {
        static ItemView of(NoOp n) {
            return new ItemView(n.kind().name(), n.target(), n.reason());
        }

        static ItemView of(PlanError e) {
            return new ItemView(e.kind().name(), e.target(), e.message());
        }

        public String name() {
            return kind + " " + target;
        }
    }

    /** What applying one change left on the host. */
    public record ResultView(ChangeView change, boolean ok, String actual, String message) {
        static ResultView of(ChangeResult r) {
            return new ResultView(ChangeView.of(r.change()), r.ok(),
                    r.change().kind().library() && r.actual() != null ? digest(r.actual()) : r.actual(), r.message());
        }
    }

    /**
     * A library file as one line: "sha256 0123456789ab, 354 lines" (the 12 hex digits of the digest
     * of its text without trailing whitespace, as OwnedFile compares files), "absent" for none.
     */
    static String digest(String content) {
        if (content == null) {
            return "absent";
        }
        String text = content.strip();
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256 " + HexFormat.of().formatHex(d).substring(0, 12) + ", " + text.split("\n").length + " lines";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
