package dev.netune.bench;

import dev.netune.fact.Gather;
import dev.netune.fact.HostFacts;
import dev.netune.plan.HostPlan;
import dev.netune.profile.DesiredState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Records what real hosts answer to netune's scripts, for the simulated fleet.
 *
 * <pre>Capture OUTDIR NAME PROFILE [--container C] [--local] [--apply]</pre>
 * writes {@code NAME.gather.script} and, per source, {@code NAME.gather.<container|local>.out}
 * (gather run through {@code docker exec -i C sh -s}, or locally through {@code sh -s}: the gather
 * script is read-only). With {@code --apply} it also plans against the container's facts, runs that
 * plan's apply script in the container and writes {@code NAME.apply.script} and
 * {@code NAME.apply.container.out}. Only for profiles whose changes are per-netns net.* sysctls.
 */
public final class Capture {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        String name = args[1];
        Path profile = Path.of(args[2]);
        String container = null;
        boolean local = false;
        boolean apply = false;
        for (int i = 3; i < args.length; i++) {
            switch (args[i]) {
                case "--container" -> container = args[++i];
                case "--local" -> local = true;
                case "--apply" -> apply = true;
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        Files.createDirectories(out);
        DesiredState desired = Scripts.desired(profile);
        Gather gather = Scripts.gather(desired);
        String script = gather.script();
        Files.writeString(out.resolve(name + ".gather.script"), script);
        if (local) {
            String o = run(List.of("sh", "-s"), script);
            gather.parse(o);
            Files.writeString(out.resolve(name + ".gather.local.out"), o);
        }
        if (container != null) {
            String o = run(List.of("docker", "exec", "-i", container, "sh", "-s"), script);
            HostFacts facts = gather.parse(o);
            Files.writeString(out.resolve(name + ".gather.container.out"), o);
            if (apply) {
                HostPlan plan = Scripts.plan(desired, facts);
                if (!plan.hasChanges() || plan.hasErrors()) {
                    throw new IllegalStateException("expected a plan with changes and no errors: " + plan.changes() + plan.errors());
                }
                String applyScript = Scripts.applyScript(plan);
                Files.writeString(out.resolve(name + ".apply.script"), applyScript);
                Files.writeString(out.resolve(name + ".apply.container.out"),
                        run(List.of("docker", "exec", "-i", container, "sh", "-s"), applyScript));
            }
        }
        System.err.println("captured " + name + " into " + out);
    }

    static String run(List<String> argv, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(argv)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(argv + " exited " + p.exitValue());
        }
        return out;
    }
}
