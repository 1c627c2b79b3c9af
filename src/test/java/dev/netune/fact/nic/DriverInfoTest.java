package dev.netune.fact.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriverInfoTest {

    @Test
    void mlx5FirmwareWithParenthesesAndBusInfoWithColons() {
        DriverInfo d = DriverInfo.parse(Captures.driver("mlx5_core", "ethtool-i.txt"));
        assertEquals("mlx5_core", d.driver());
        assertEquals(Optional.of("6.8.12-8-pve"), d.version());
        assertEquals(Optional.of("14.32.1900 (MT_2420110034)"), d.firmwareVersion());
        assertEquals(Optional.empty(), d.expansionRomVersion());
        assertEquals(Optional.of("0000:01:00.0"), d.busInfo());
        assertTrue(d.supportsStatistics());
        assertTrue(d.supportsTest());
        assertFalse(d.supportsEepromAccess());
        assertFalse(d.supportsRegisterDump());
        assertTrue(d.supportsPrivFlags());
    }

    @Test
    void ixgbeFirmwareWithCommaAndSpaces() {
        DriverInfo d = DriverInfo.parse(Captures.driver("ixgbe", "ethtool-i.txt"));
        assertEquals("ixgbe", d.driver());
        assertEquals(Optional.of("0x800003df, 255.65535.255"), d.firmwareVersion());
        assertEquals(Optional.of("0000:01:00.0"), d.busInfo());
    }

    @Test
    void i40eOnPciDomain1() {
        DriverInfo d = DriverInfo.parse(Captures.driver("i40e", "ethtool-i.txt"));
        assertEquals(Optional.of("8.15 0x8000a4e8 1.2879.0"), d.firmwareVersion());
        assertEquals(Optional.of("0001:03:00.0"), d.busInfo());
    }

    @Test
    void enaHasNoFirmwareVersion() {
        DriverInfo d = DriverInfo.parse(Captures.driver("ena", "ethtool-i.txt"));
        assertEquals("ena", d.driver());
        assertEquals(Optional.of("1.5.0g"), d.version());
        assertEquals(Optional.empty(), d.firmwareVersion());
        assertEquals(Optional.of("0000:00:05.0"), d.busInfo());
        assertFalse(d.supportsPrivFlags());
    }

    @Test
    void e1000eOldAndNew() {
        DriverInfo now = DriverInfo.parse(Captures.driver("e1000e", "ethtool-i.txt"));
        assertEquals(Optional.of("6.11.8"), now.version());
        assertEquals(Optional.of("5.6-2"), now.firmwareVersion());
        assertTrue(now.supportsPrivFlags());
        DriverInfo old = DriverInfo.parse(Captures.driver("e1000e", "ethtool-i-old.txt"));
        assertEquals(Optional.of("3.2.6-k"), old.version());
        assertEquals(Optional.of("0000:00:19.0"), old.busInfo());
        assertFalse(old.supportsPrivFlags());
    }

    @Test
    void virtualDevicesHaveNoBus() {
        DriverInfo veth = DriverInfo.parse(Captures.driver("veth", "ethtool-i.txt"));
        assertEquals("veth", veth.driver());
        assertEquals(Optional.of("1.0"), veth.version());
        assertEquals(Optional.empty(), veth.busInfo());
        DriverInfo bridge = DriverInfo.parse(Captures.driver("bridge", "ethtool-i.txt"));
        assertEquals("bridge", bridge.driver());
        assertEquals(Optional.empty(), bridge.firmwareVersion()); // printed as N/A
        assertEquals(Optional.empty(), bridge.busInfo());
        assertFalse(bridge.supportsStatistics());
    }

    @Test
    void virtioNetOnThisHost() {
        DriverInfo d = DriverInfo.parse(Captures.driver("virtio_net", "ethtool-i.txt"));
        assertEquals("virtio_net", d.driver());
        assertEquals(Optional.of("1.0.0"), d.version());
        assertEquals(Optional.of("0000:00:03.0"), d.busInfo());
    }

    @Test
    void errorTextIsNotDriverInfo() {
        assertThrows(IllegalArgumentException.class,
                () -> DriverInfo.parse(Captures.driver("loopback", "ethtool-i.txt")));
    }
}
