package dev.netune.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShellScriptTest {
    @Test
    void everyArgumentIsOneQuotedWord() {
        assertEquals("netune_write 'nic.rps' '/sys/x' 'it'\\''s $(reboot) `id`'\n",
                ShellScript.call("netune_write", "nic.rps", "/sys/x", "it's $(reboot) `id`"));
    }

    @Test
    void onlyPlainFunctionAndLibraryNamesAreAccepted() {
        assertThrows(IllegalArgumentException.class, () -> ShellScript.call("rm -rf /;f", "x"));
        assertThrows(IllegalArgumentException.class, () -> ShellScript.call("$(id)"));
        assertThrows(IllegalArgumentException.class, () -> ShellScript.library("../../etc/passwd"));
        assertThrows(IllegalStateException.class, () -> ShellScript.library("no-such-library"));
    }

    @Test
    void aLibraryIsItsFunctionsWithoutTheFileHeader() {
        String nic = ShellScript.library("nic");
        assertTrue(nic.startsWith("netune_nic_cmd() {"), nic);
        assertFalse(nic.contains("shellcheck shell=sh"), nic);
        assertTrue(nic.contains("netune_write() {"), nic);
    }
}
