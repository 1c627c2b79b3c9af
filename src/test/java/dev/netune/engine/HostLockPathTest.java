package dev.netune.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.transport.ShellScript;
import org.junit.jupiter.api.Test;

/** The NIC restore library stands aside while an apply holds the host lock: it names the same file. */
class HostLockPathTest {
    @Test
    void theRestoreLibraryNamesTheLockEveryApplyHolds() {
        assertTrue(ShellScript.library("nic-restore").contains("\nNETUNE_LOCK=" + HostGuard.LOCK + "\n"));
    }
}
