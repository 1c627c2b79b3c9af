package dev.netune.bench;

import dev.netune.fact.Gather;
import dev.netune.fact.GatherOutput;
import dev.netune.fact.HostFacts;
import dev.netune.fact.Section;
import dev.netune.fact.nic.NicFacts;
import dev.netune.fact.nic.NicGather;
import dev.netune.plan.HostPlan;
import dev.netune.profile.DesiredState;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Gather parsers and the pure planner on a 96-CPU, 4-NIC x 24-queue host ({@link Host96}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParseAndPlanBench {
    Host96 host;
    List<Section> sections;
    Gather sysctlGather;
    String sysctlText;
    HostFacts facts;
    DesiredState desired;

    @Setup
    public void setUp() throws Exception {
        host = new Host96();
        facts = host.check();
        desired = host.desired;
        sections = GatherOutput.split(host.text);
        // sysctl facts alone: the same gather text cut down to the host and sysctl sections
        StringBuilder s = new StringBuilder();
        for (String block : host.text.split("(?=@@netune )")) {
            if (block.startsWith("@@netune host") || block.startsWith("@@netune sysctl")
                    || block.startsWith("@@netune file") || block.startsWith("@@netune end")) {
                s.append(block);
            }
        }
        sysctlText = s.toString();
        sysctlGather = Scripts.gather(only("sysctl", desired));
        sysctlGather.parse(sysctlText);
    }

    private static DesiredState only(String key, DesiredState desired) {
        for (dev.netune.setting.SettingKind<?> kind : dev.netune.kinds.Kinds.all()) {
            if (kind.key().equals(key)) {
                return copy(kind, desired);
            }
        }
        throw new IllegalStateException("no kind " + key);
    }

    private static <D> DesiredState copy(dev.netune.setting.SettingKind<D> kind, DesiredState from) {
        return DesiredState.EMPTY.with(kind, from.get(kind).orElseThrow());
    }

    /** Splitting the whole gather output (~40 KB) into sections. */
    @Benchmark
    public List<Section> splitSections() {
        return GatherOutput.split(host.text);
    }

    /** NIC facts of 4 NICs: sysfs, 5 ethtool outputs each, /proc/interrupts with 96 CPU columns. */
    @Benchmark
    public SortedMap<String, NicFacts> nicParse() {
        return NicGather.parse(sections);
    }

    /** Sysctl facts (12 keys and the persistence file), split included. */
    @Benchmark
    public HostFacts sysctlParse() throws Gather.IncompleteFactsException {
        return sysctlGather.parse(sysctlText);
    }

    /** Everything the engine does with a gather output: split and every fact parser. */
    @Benchmark
    public HostFacts gatherParseAll() throws Gather.IncompleteFactsException {
        return host.gather.parse(host.text);
    }

    /** The pure planner: sysctls and one NIC rule over 4 NICs. */
    @Benchmark
    public HostPlan plan() {
        return Scripts.plan(desired, facts);
    }
}
