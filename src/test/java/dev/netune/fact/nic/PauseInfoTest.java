package dev.netune.fact.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PauseInfoTest {

    @Test
    void allOff() {
        assertEquals(Map.of("autoneg", "off", "rx", "off", "tx", "off"),
                PauseInfo.parse(Captures.driver("cpsw", "ethtool-a.txt")).settings());
    }

    @Test
    void readOnlyDriverStillReads() {
        assertEquals(Map.of("autoneg", "off", "rx", "on", "tx", "on"),
                PauseInfo.parse(Captures.driver("nfp", "ethtool-a.txt")).settings());
    }

    @Test
    void negotiatedValuesAndStatisticsAreNotSettings() {
        assertEquals(Map.of("autoneg", "on", "rx", "off", "tx", "off"),
                PauseInfo.parse(Captures.driver("ice", "ethtool-a-statistics.txt")).settings());
    }

    @Test
    void unsupportedIsNoPauseInfo() {
        assertThrows(IllegalArgumentException.class,
                () -> PauseInfo.parse(Captures.driver("wlan", "ethtool-a-unsupported.txt")));
    }

    @Test
    void unsupportedReasonIsTheDriversMessageWithoutTheHeading() {
        assertEquals("Cannot get device pause settings: Operation not supported",
                NicGather.reason(Captures.driver("wlan", "ethtool-a-unsupported.txt")));
    }
}
