package dev.netune.cli;

import dev.netune.profile.IoErrors;
import dev.netune.profile.ValidationException;
import dev.netune.report.BuildInfo;
import dev.netune.report.SafeText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The netune command line: the root command's options, shared exit codes and the one exception
 * mapper. Its subcommands are {@link All}'s.
 */
@Command(name = "netune", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Configuration-as-code tuner for the Linux network stack.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:success; with --detailed-exitcode (plan) or for drift: no changes",
            "1:error: bad input, unreachable host, failed or refused apply",
            "2:success with changes pending (plan --detailed-exitcode) or drift found (drift)"})
public class Main {

    /**
     * The root command with every subcommand: what {@code --help} and {@code help} list, and what
     * picocli-codegen reads for the man pages and the completion script.
     */
    @Command(subcommands = {ValidateCommand.class, ExplainCommand.class, PlanCommand.class, ApplyCommand.class,
            DriftCommand.class, FactsCommand.class, InventoryCommand.class, DiagnoseCommand.class, HistoryCommand.class,
            RollbackCommand.class, ReportCommand.class, SchemaCommand.class, CommandLine.HelpCommand.class})
    public static final class All extends Main {
    }

    /** {@code --version}: the version and commit from the build, not a literal here. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {BuildInfo.current().line()};
        }
    }

    @Option(names = "--color", scope = CommandLine.ScopeType.INHERIT, defaultValue = "auto", paramLabel = "WHEN",
            description = "Colour text output: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it),"
                    + " always or never (default: ${DEFAULT-VALUE}).")
    void color(Colour.When when) {
        Colour.set(when);
    }

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces of errors.")
    boolean debug;

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // the one answer that needs no parsing: skips loading picocli's model (most of the start-up)
            System.out.println(BuildInfo.current().line());
            System.exit(ExitCodes.OK);
        }
        System.exit(isPlainValidate(args) ? plainValidate(args) : run(args));
    }

    /**
     * {@code validate FILE...} and nothing else (no option, no {@code @argfile}): the form editors,
     * pre-commit hooks and CI run on every save or push, answered without picocli, whose model of
     * even the one command is built by reflection and costs as much as the validation itself
     * (measured: 200 against 120 ms with the archive). Anything else goes through picocli;
     * {@code MainTest} holds both paths to the same output and exit code.
     */
    static boolean isPlainValidate(String... args) {
        if (args.length < 2 || !args[0].equals("validate")) {
            return false;
        }
        for (int i = 1; i < args.length; i++) {
            if (args[i].isEmpty() || args[i].startsWith("-") || args[i].startsWith("@")) {
                return false;
            }
        }
        return true;
    }

    static int plainValidate(String... args) {
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            return ValidateCommand.validate(Arrays.stream(args, 1, args.length).map(Path::of).toList(), null);
        } catch (Exception e) {
            return report(e, err, false);
        }
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = commandLine(args);
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("netune: " + SafeText.of(ex.getMessage()));
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.ERROR;
        });
        return cli.execute(args);
    }

    /**
     * The root command with only the subcommand the first word names, when it names one: picocli
     * builds the model of every command it is given by reflection, most of netune's start-up. Any
     * other first word (help, a typo, none) gets {@link All}, whose usage and errors list them all.
     */
    static CommandLine commandLine(String... args) {
        for (String a : args) {
            if (a.startsWith("-")) {
                continue;
            }
            for (Class<?> c : All.class.getAnnotation(Command.class).subcommands()) {
                if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(a)) {
                    CommandLine cli = new CommandLine(new Main());
                    cli.addSubcommand(c);
                    return cli;
                }
            }
            break;
        }
        return new CommandLine(new All());
    }

    private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        return report(ex, cl.getErr(), parsed.hasMatchedOption("--debug"));
    }

    /** The one exception mapper: what went wrong, on {@code err}, and the exit code. */
    private static int report(Exception ex, PrintWriter err, boolean debug) {
        // messages quote inventory, profile and host text: made terminal-safe like the reports
        if (ex instanceof ValidationException v) {
            v.problems().forEach(p -> err.println(SafeText.of(p.format())));
            err.println("netune: " + v.problems().size() + " problem(s) found; nothing was changed");
        } else if (ex instanceof IOException io) {
            err.println("netune: " + SafeText.of(IoErrors.describe(io)));
        } else if (ex instanceof UserError) {
            err.println("netune: " + SafeText.of(ex.getMessage()));
        } else {
            err.println("netune: internal error: " + SafeText.of(String.valueOf(ex))
                    + (debug ? "" : " (run with --debug for details)"));
        }
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.ERROR;
    }
}
