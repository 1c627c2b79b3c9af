package dev.netune.setting.nic;

import dev.netune.fact.GatherOutput;
import dev.netune.plan.HostPlan;
import dev.netune.profile.Problems;
import dev.netune.profile.YamlNode;
import dev.netune.setting.shared.IrqbalanceIntent;
import java.io.StringReader;
import java.nio.file.Path;

/** Plans a profile's {@code nics:} section against an inventory, on a host with CPUs 0-1 online. */
final class NicPlans {
    private NicPlans() {
    }

    static NicPlanner.HostResolution resolve(String yaml, NicInventory inventory, HostPlan.Builder out) {
        return resolve(yaml, inventory, out, "");
    }

    /** With {@code queueLines} (the gather's nic-queues lines, e.g. {@code eth0 rx-0 rps_cpus=0}) for steering. */
    static NicPlanner.HostResolution resolve(String yaml, NicInventory inventory, HostPlan.Builder out, String queueLines) {
        Problems problems = new Problems();
        YamlNode node = YamlNode.parse(new StringReader(yaml), Path.of("p.yaml"), problems).orElseThrow();
        NicDesired desired = NicSchema.load(node.mapping().get("nics")).orElseThrow(
                () -> new AssertionError(problems.list().toString()));
        QueueFacts queues = QueueFacts.SOURCE.parse(GatherOutput.split((queueLines.isEmpty() ? "" : "@@netune nic-queues\n"
                + queueLines) + "@@netune cpus\nonline=0-1\npossible=0-1\n"));
        return NicPlanner.plan(desired, inventory, queues, IrqbalanceIntent.UNCHANGED, out);
    }

    static HostPlan plan(String yaml, NicInventory inventory) {
        HostPlan.Builder out = new HostPlan.Builder();
        resolve(yaml, inventory, out);
        return out.build();
    }
}
