package dev.netune.cli;

import dev.netune.engine.Session;
import dev.netune.engine.Engine;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.engine.Rollout;
import dev.netune.report.Inputs;
import dev.netune.report.JsonReport;
import dev.netune.report.Summary;
import dev.netune.report.TextReport;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.List;
import java.util.Locale;

/** The end of apply and rollback: show the plan, ask unless --yes, apply over the open sessions, report. */
final class Confirmed {
    private Confirmed() {
    }

    static int apply(Engine engine, List<Session> sessions, boolean yes, Format format, String command,
                     Inputs inputs) throws IOException {
        return apply(engine, sessions, yes, format, command, inputs, Rollout.ALL_AT_ONCE);
    }

    static int apply(Engine engine, List<Session> sessions, boolean yes, Format format, String command,
                     Inputs inputs, Rollout rollout) throws IOException {
        List<HostOutcome> planned = sessions.stream().map(Session::outcome).toList();
        TextReport text = new TextReport(TargetOptions.colour());
        boolean anyChanges = planned.stream().anyMatch(o -> o.status() == HostStatus.CHANGES);
        // the plan is shown even with --yes (as terraform apply -auto-approve does): the log says what was meant
        System.out.print(text.plan(planned, false));
        if (anyChanges && !yes && !ask("Apply these changes? Only 'yes' is accepted: ")) {
            sessions.forEach(Session::close);
            System.err.println("netune: " + command + " cancelled; nothing was changed");
            return ExitCodes.ERROR;
        }
        List<HostOutcome> outcomes = engine.apply(sessions, rollout);
        System.out.print(format == Format.json ? JsonReport.render(command, inputs, outcomes, false)
                : text.apply(outcomes));
        return Summary.of(outcomes).anyError() ? ExitCodes.ERROR : ExitCodes.OK;
    }

    /** Refuses up front when nobody can be asked: the caller checks this before connecting anywhere. */
    static void requireConfirmable(boolean yes, String command) {
        if (!yes && System.console() == null) {
            throw new UserError("no terminal to confirm on: pass --yes to " + command + " without asking");
        }
    }

    private static boolean ask(String prompt) throws IOException {
        Console console = System.console();
        String answer = console != null ? console.readLine(prompt)
                : new BufferedReader(new InputStreamReader(System.in)).readLine();
        return answer != null && answer.strip().toLowerCase(Locale.ROOT).equals("yes");
    }
}
