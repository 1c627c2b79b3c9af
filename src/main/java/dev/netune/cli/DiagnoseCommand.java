package dev.netune.cli;

import dev.netune.diagnose.CounterGather;
import dev.netune.diagnose.DiagnoseReport;
import dev.netune.diagnose.DiagnoseResult;
import dev.netune.diagnose.ProfileWriter;
import dev.netune.engine.Engine;
import dev.netune.engine.EngineOptions;
import dev.netune.engine.HostOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Reads the counters that say which knob a host needs and proposes the profile change. */
@Command(name = "diagnose", mixinStandardHelpOptions = true, description = {
    "Sample each host's drop, overflow and load counters twice, --interval apart, and propose the profile"
            + " change each finding needs (read-only; works as a normal user)."})
final class DiagnoseCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)?");
    /** Time the script needs besides the sleep: two samples, ethtool per NIC, sockets. */
    private static final Duration MARGIN = Duration.ofSeconds(60);

    @Mixin
    TargetOptions target;

    @Option(names = "--interval", defaultValue = "10s", paramLabel = "DURATION",
            description = "Time between the two samples: 10s, 500ms, 1m (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--write-profile", paramLabel = "FILE",
            description = "Also write the suggested changes as one profile, commented with their evidence.")
    Path writeProfile;

    @Override
    public Integer call() throws Exception {
        if (!target.profiles.isEmpty()) {
            throw new UserError("diagnose takes no -p: it proposes a profile instead (see --write-profile)");
        }
        Duration every = parseInterval(interval);
        EngineOptions base = target.engineOptions();
        // the remote script sleeps for the interval: its timeout must cover that and the reading
        Duration timeout = base.commandTimeout().compareTo(every.plus(MARGIN)) < 0 ? every.plus(MARGIN)
                : base.commandTimeout();
        CounterGather source = new CounterGather(every);
        List<HostOutcome> outcomes = new Engine(new EngineOptions(base.forks(), base.ssh(), timeout, base.apply(), base.deadline()),
                TargetOptions.progress()).read(target.targetsWithoutProfiles(), List.of(source));
        DiagnoseResult result = DiagnoseResult.of(every.toMillis() / 1000.0, outcomes, source);
        System.out.print(format == Format.json ? DiagnoseReport.json(result) : DiagnoseReport.text(result));
        if (writeProfile != null) {
            Files.writeString(writeProfile, ProfileWriter.profile(result));
            System.err.println("netune: suggested profile written to " + writeProfile);
        }
        return result.anyFailed() ? ExitCodes.ERROR : ExitCodes.OK;
    }

    static Duration parseInterval(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new UserError("--interval: '" + text + "' is not a duration (write 10s, 500ms or 1m)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        long millis = Math.round(n * switch (unit) {
            case "ms" -> 1;
            case "m" -> 60_000;
            default -> 1000;
        });
        if (millis < 100 || millis > 3_600_000) {
            throw new UserError("--interval must be between 100ms and 1h, found '" + text + "'");
        }
        return Duration.ofMillis(millis);
    }
}
