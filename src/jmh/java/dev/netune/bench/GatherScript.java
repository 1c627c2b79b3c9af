package dev.netune.bench;

import dev.netune.fact.Gather;
import dev.netune.kinds.Kinds;
import dev.netune.kinds.Planner;
import dev.netune.profile.ProfileLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Prints the one gather script a plan of the given profiles runs on each host, for a floor that
 * does the same remote work over plain OpenSSH ({@code ssh HOST sh -s < script}; bench/fleet.sh).
 *
 * <pre>java -cp netune.jar:DIR dev.netune.bench.GatherScript PROFILE.yaml...</pre>
 */
public final class GatherScript {
    private GatherScript() {
    }

    public static void main(String[] args) throws Exception {
        var profiles = new ProfileLoader(Kinds.all()).loadAll(Arrays.stream(args).map(Path::of).toList());
        Gather gather = new Gather();
        Planner.facts(ProfileLoader.merge(profiles)).forEach(gather::add);
        System.out.print(gather.script());
    }
}
