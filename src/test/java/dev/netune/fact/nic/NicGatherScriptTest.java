package dev.netune.fact.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.GatherOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real fragment with {@code sh -s} on this machine; everything it does is read-only. */
@EnabledOnOs(OS.LINUX)
class NicGatherScriptTest {

    private record Run(int exit, String stdout) {
    }

    private static Run run(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-s");
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        p.getOutputStream().write(NicGather.script().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "gather fragment did not finish");
        return new Run(p.exitValue(), out);
    }

    @Test
    void gathersThisMachine() throws Exception {
        Run r = run(Map.of());
        assertEquals(0, r.exit());
        Map<String, NicFacts> nics = NicGather.parse(GatherOutput.split(r.stdout()));
        NicFacts lo = nics.get("lo");
        SysInfo sys = lo.sys().value().orElseThrow();
        assertTrue(sys.virtual());
        assertEquals(OptionalInt.of(65536), sys.mtu());
        assertEquals(OptionalInt.of(772), sys.type()); // ARPHRD_LOOPBACK
        assertEquals(Optional.empty(), sys.driver());
        assertTrue(sys.rxQueues() >= 1);
        // whatever this host's ethtool can do, every fact is either read or explained
        for (NicFacts nic : nics.values()) {
            for (Outcome<?> o : List.of(nic.sys(), nic.driver(), nic.rings(), nic.channels(), nic.coalesce(), nic.features())) {
                assertTrue(o.value().isPresent() ^ o.error().isPresent(), nic.name());
            }
        }
        assertTrue(r.stdout().contains("@@netune interrupts\n"));
    }

    @Test
    void physicalNicsOfThisMachineHaveTheirSysfsLinks() throws Exception {
        Map<String, NicFacts> nics = NicGather.parse(GatherOutput.split(run(Map.of()).stdout()));
        for (NicFacts nic : nics.values()) {
            SysInfo sys = nic.sys().value().orElseThrow();
            if (!sys.virtual()) {
                assertTrue(sys.driver().isPresent(), nic.name());
                assertTrue(sys.bus().isPresent(), nic.name());
            }
        }
    }

    @Test
    void withoutEthtoolTheFragmentStillSucceeds(@TempDir Path bin) throws Exception {
        // a PATH with the few tools the fragment needs, but no ethtool (wrappers, not symlinks, so
        // that cleaning the temp dir never follows a link out of it)
        for (String tool : List.of("cat", "readlink")) {
            for (String dir : List.of("/usr/bin", "/bin")) {
                Path real = Path.of(dir, tool);
                Path wrapper = bin.resolve(tool);
                if (Files.isExecutable(real) && !Files.exists(wrapper)) {
                    Files.writeString(wrapper, "#!/bin/sh\nexec " + real + " \"$@\"\n");
                    wrapper.toFile().setExecutable(true);
                }
            }
        }
        Run r = run(Map.of("PATH", bin.toString()));
        assertEquals(0, r.exit());
        NicFacts lo = NicGather.parse(GatherOutput.split(r.stdout())).get("lo");
        assertEquals(OptionalInt.of(65536), lo.sys().value().orElseThrow().mtu());
        assertEquals(Optional.of("ethtool is not installed"), lo.driver().error());
        assertEquals(Optional.of("ethtool is not installed"), lo.features().error());
        assertFalse(lo.features().value().isPresent());
    }

    @Test
    void scriptQuotesItsPathsAndOnlyExpandsNamesInQuotes() {
        String s = NicGather.script();
        assertTrue(s.contains("'/sys/class/net'/*"));
        assertFalse(s.contains(" $nt_i"), "interface names are only expanded inside double quotes");
        assertTrue(s.trim().endsWith("|| true"));
    }
}
