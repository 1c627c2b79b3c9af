package dev.netune.it;

import dev.netune.testhost.QemuGuest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes an inventory that reaches the QEMU guest as root, or as tuner through sudo. */
final class GuestInventory {
    private GuestInventory() {
    }

    static Path write(Path dir, QemuGuest guest, String profile, boolean asTuner) throws IOException {
        return Files.writeString(dir.resolve("guest-inventory.yaml"), """
                defaults:
                  user: %s
                  become: %s
                  identityFile: %s
                  knownHosts: %s
                hosts:
                  guest: {address: %s, port: %d, profiles: [%s]}
                """.formatted(asTuner ? "tuner" : "root", asTuner, guest.identityFile(), guest.knownHostsFile(),
                guest.address(), guest.sshPort(), profile));
    }
}
