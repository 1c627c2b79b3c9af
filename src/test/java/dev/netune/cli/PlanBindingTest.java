package dev.netune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * apply PLANFILE takes its inputs from its own command line and refuses a plan made from other
 * ones (issue #19 item 8). Hosts are on a closed loopback port: nothing is ever applied, and a
 * run that gets past the binding stops at "nothing to apply" or an unreachable host.
 */
class PlanBindingTest {
    @TempDir
    Path dir;

    private Path inventory;
    private Path profile;
    private Path base;

    @BeforeEach
    void files() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // closed again at once: connections are refused
        }
        base = Files.writeString(dir.resolve("base.yaml"), "sysctl:\n  net.core.somaxconn: 4096\n");
        profile = Files.writeString(dir.resolve("web.yaml"), "extends: [base]\nsysctl:\n  net.core.netdev_max_backlog: 5000\n");
        inventory = Files.writeString(dir.resolve("inv.yaml"), """
                defaults: {sshConfig: none, knownHosts: kh}
                hosts:
                  web-1: {address: 127.0.0.1, port: %d, profiles: [web.yaml]}
                """.formatted(closed));
    }

    private Path plan(String... options) {
        Path out = dir.resolve("plan.json");
        String[] args = new String[options.length + 3];
        args[0] = "plan";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = "--out";
        args[options.length + 2] = out.toString();
        CliRun r = CliRun.run(args);
        assertTrue(Files.exists(out), r.toString());
        return out;
    }

    @Test
    void thePlanRecordsTheDigestsOfTheInventoryAndEveryProfileFile() throws Exception {
        String json = Files.readString(plan("-i", inventory.toString()));
        for (Path f : new Path[] {inventory, profile, base}) {
            assertTrue(json.contains("\"path\" : \"" + f + "\""), json);
        }
        assertTrue(json.contains("\"sha256\" : \"" + sha256(inventory) + "\""), json);
        assertTrue(json.contains("\"sha256\" : \"" + sha256(base) + "\""), json);
    }

    @Test
    void theSameInputsAreAccepted() throws Exception {
        Path plan = plan("-i", inventory.toString());
        CliRun r = CliRun.run("apply", "-i", inventory.toString(), plan.toString(), "--yes");
        assertEquals(new CliRun(0, "The saved plan has no changes; nothing to apply.\n", ""), r);
        // the same content elsewhere (a checkout that moved) is the same input
        Path moved = Files.createDirectories(dir.resolve("moved"));
        for (Path f : new Path[] {inventory, profile, base}) {
            Files.copy(f, moved.resolve(f.getFileName()));
        }
        r = CliRun.run("apply", "-i", moved.resolve("inv.yaml").toString(), plan.toString(), "--yes");
        assertEquals(0, r.exit(), r.toString());
    }

    @Test
    void aChangedProfileOrOneItExtendsIsRefused() throws Exception {
        Path plan = plan("-i", inventory.toString());
        Files.writeString(base, "sysctl:\n  net.core.somaxconn: 65535\n");
        CliRun r = CliRun.run("apply", "-i", inventory.toString(), plan.toString(), "--yes");
        assertEquals(new CliRun(1, "", "netune: profile " + base + " is not the profile " + plan
                + " was made from (its content differs); make the plan again from the inputs you mean to apply\n"), r);
    }

    @Test
    void aChangedInventoryIsRefused() throws Exception {
        Path plan = plan("-i", inventory.toString());
        Files.writeString(inventory, Files.readString(inventory) + "  web-2: {address: 127.0.0.1, port: 1, profiles: [web.yaml]}\n");
        CliRun r = CliRun.run("apply", "-i", inventory.toString(), plan.toString(), "--yes");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("netune: inventory " + inventory + " is not the inventory " + plan
                + " was made from (its content differs)"), r.err());
    }

    @Test
    void profilesGivenDifferentlyAreRefused() throws Exception {
        Path plan = plan("-i", inventory.toString(), "-p", profile.toString());
        CliRun r = CliRun.run("apply", "-i", inventory.toString(), plan.toString(), "--yes", "-p", base.toString());
        assertTrue(r.err().startsWith("netune: " + plan + " was also made from profile " + profile
                + ", which this apply does not read"), r.err());
        Path other = Files.writeString(dir.resolve("other.yaml"), "sysctl:\n  net.core.somaxconn: 1024\n");
        r = CliRun.run("apply", "-i", inventory.toString(), plan.toString(), "--yes", "-p", profile.toString(),
                "-p", other.toString());
        assertTrue(r.err().startsWith("netune: profile " + other + " is not the profile"), r.err());
        Path swapped = plan("-i", inventory.toString(), "-p", base.toString(), "-p", profile.toString());
        r = CliRun.run("apply", "-i", inventory.toString(), swapped.toString(), "--yes", "-p", profile.toString(),
                "-p", base.toString());
        assertTrue(r.err().startsWith("netune: the profile files are given in another order"), r.err());
    }

    @Test
    void thePlanFileNeverChoosesTheInventory() throws Exception {
        Path plan = plan("-i", inventory.toString());
        CliRun r = CliRun.run("apply", plan.toString(), "--yes");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("netune: " + plan + " was made for the hosts of an inventory (" + inventory
                + "); give it with -i INVENTORY"), r.err());
    }

    @Test
    void aPlanForThisMachineNeverReachesAnInventoryNorTakesItsProfilesFromTheFile() throws Exception {
        // a plan file claiming "inventory": null and naming a profile: before, apply adopted that
        // profile and worked on the controller itself
        Path evil = Files.writeString(dir.resolve("evil.yaml"), "sysctl:\n  net.core.somaxconn: not-a-number\n");
        Path plan = Files.writeString(dir.resolve("local.json"), """
                {"schemaVersion": 1, "command": "plan",
                 "inputs": {"inventory": null, "profiles": ["%s"], "limit": null},
                 "hosts": [{"name": "localhost", "changes": [{"kind": "sysctl", "target": "net.core.somaxconn",
                            "before": "4096", "after": "1"}]}]}
                """.formatted(evil));
        CliRun r = CliRun.run("apply", "-i", inventory.toString(), plan.toString(), "--yes");
        assertEquals(new CliRun(1, "", "netune: " + plan + " was made for this machine (without -i); it cannot be"
                + " applied to the hosts of " + inventory + "\n"), r);
        r = CliRun.run("apply", plan.toString(), "--yes");
        assertEquals(1, r.exit());
        assertFalse(r.err().contains("evil.yaml"), "the plan's profile is not read: " + r.err());
        assertTrue(r.err().startsWith("netune: no profile given"), r.err());
    }

    @Test
    void aPlanWithoutDigestsIsRefused() throws Exception {
        Path plan = Files.writeString(dir.resolve("old.json"), """
                {"schemaVersion": 1, "command": "plan",
                 "inputs": {"inventory": "%s", "profiles": [], "limit": null}, "hosts": []}
                """.formatted(inventory));
        CliRun r = CliRun.run("apply", "-i", inventory.toString(), plan.toString(), "--yes");
        assertEquals(new CliRun(1, "", "netune: " + plan + " records no digests of its inventory and profiles"
                + " (made by an older netune); make the plan again from the inputs you mean to apply\n"), r);
    }

    private static String sha256(Path f) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(f)));
    }
}
