package dev.netune.fact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CpuSet against the exact strings the kernel reads and prints. */
class CpuSetTest {

    @Test
    void cpulistsAsSysfsPrintsThem() {
        // /sys/devices/system/cpu/online of a 2-CPU guest, with the newline cat shows
        assertEquals(List.of(0, 1), CpuSet.parseList("0-1\n").cpus());
        assertEquals(List.of(0, 1, 2, 3, 8), CpuSet.parseList("0-3,8").cpus());
        assertEquals(List.of(0, 2, 3, 4, 5), CpuSet.parseList("0,2-5").cpus());
        assertEquals(List.of(5), CpuSet.parseList("5").cpus());
        assertEquals(List.of(3), CpuSet.parseList("3-3").cpus());
        // an empty file (rps_cpus' list form when RPS is off, isolated CPUs when none are)
        assertTrue(CpuSet.parseList("").isEmpty());
        assertTrue(CpuSet.parseList("\n").isEmpty());
        assertEquals(8192, CpuSet.parseList("0-8191").size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0-3,8|0-3,8",
        "8,0-3|0-3,8",
        "0,1,2,3|0-3",
        "0,1|0-1",
        "0-2,1-4,9,10|0-4,9-10",
        "7|7",
        "'0, 2 - 3'|0,2-3",
    })
    void toListIsCanonical(String in, String canonical) {
        assertEquals(canonical, CpuSet.parseList(in).toList());
    }

    @Test
    void emptySetPrintsAsEmptyListAndZeroMask() {
        assertEquals("", CpuSet.empty().toList());
        assertEquals("0", CpuSet.empty().toMask(2));
        assertEquals("00000000,00000000", CpuSet.empty().toMask(64));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // smp_affinity on a 96-CPU host: CPU 0
        "00000000,00000000,00000001|0",
        // CPU 32 only
        "00000001,00000000|32",
        // rps_cpus with RPS off
        "0|''",
        "00|''",
        "00000000,00000000|''",
        "ff|0-7",
        "f|0-3",
        "3|0-1",
        "ff,ffffffff|0-39",
        "00000000,000000ff|0-7",
        "80000000|31",
        "FF|0-7",
        "0000000f,00000000,00000001|0,64-67",
        "5|0,2",
        "' ff\n'|0-7",
    })
    void masksAsTheKernelPrintsThem(String mask, String list) {
        assertEquals(CpuSet.parseList(list), CpuSet.parseMask(mask));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // cpu count | list | kernel's rendering
        "2|0|1",
        "2|0-1|3",
        "4|0-3|f",
        "8|0|01",
        "8|0-7|ff",
        "16|0|0001",
        "32|0|00000001",
        "40|0-39|ff,ffffffff",
        "64|0-3|00000000,0000000f",
        "64|32|00000001,00000000",
        "96|0|00000000,00000000,00000001",
        "96|95|80000000,00000000,00000000",
        "33|32|1,00000000",
    })
    void toMaskUsesTheKernelsGroupWidths(int cpuCount, String list, String mask) {
        CpuSet set = CpuSet.parseList(list);
        assertEquals(mask, set.toMask(cpuCount));
        assertEquals(set, CpuSet.parseMask(mask), "round trip");
    }

    @Test
    void toMaskRefusesCpusBeyondTheCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuSet.of(4).toMask(2));
        assertEquals("CPU 4 does not fit a mask of 2 CPUs (0-1)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CpuSet.of(0).toMask(0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0-|invalid CPU list '0-': range '0-' has no end (expected numbers and ranges such as 0-3,8)",
        "3-1|invalid CPU list '3-1': range '3-1' goes down (write 1-3) (expected numbers and ranges such as 0-3,8)",
        "x|invalid CPU list 'x': 'x' is not a CPU number (expected numbers and ranges such as 0-3,8)",
        "-1|invalid CPU list '-1': '-1' is negative; CPU numbers start at 0 (expected numbers and ranges such as 0-3,8)",
        "8192|invalid CPU list '8192': CPU 8192 is above the maximum 8191 (expected numbers and ranges such as 0-3,8)",
        "0-99999999999|invalid CPU list '0-99999999999': CPU 99999999999 is above the maximum 8191"
                + " (expected numbers and ranges such as 0-3,8)",
        "0,,1|invalid CPU list '0,,1': empty element (two commas, or a comma at an end)"
                + " (expected numbers and ranges such as 0-3,8)",
        "1,|invalid CPU list '1,': empty element (two commas, or a comma at an end)"
                + " (expected numbers and ranges such as 0-3,8)",
        "-|invalid CPU list '-': range '-' has no start (expected numbers and ranges such as 0-3,8)",
        "1-2-3|invalid CPU list '1-2-3': '2-3' is not a CPU number (expected numbers and ranges such as 0-3,8)",
        "0--1|invalid CPU list '0--1': range '0--1' has a negative end; CPU numbers start at 0"
                + " (expected numbers and ranges such as 0-3,8)",
        "0x3|invalid CPU list '0x3': '0x3' is not a CPU number (expected numbers and ranges such as 0-3,8)",
        "0-3:1/2|invalid CPU list '0-3:1/2': '3:1/2' is not a CPU number (expected numbers and ranges such as 0-3,8)",
    })
    void badListsSayWhatIsWrong(String in, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuSet.parseList(in));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|invalid CPU mask '': it is empty (the empty set is 0) (expected hex groups such as 00000000,000000ff)",
        "xyz|invalid CPU mask 'xyz': 'xyz' is not hexadecimal (expected hex groups such as 00000000,000000ff)",
        "0x3|invalid CPU mask '0x3': '0x3' is not hexadecimal (expected hex groups such as 00000000,000000ff)",
        "-1|invalid CPU mask '-1': '-1' is not hexadecimal (expected hex groups such as 00000000,000000ff)",
        "1ffffffff|invalid CPU mask '1ffffffff': group '1ffffffff' has more than 8 hex digits (groups are 32 bits)"
                + " (expected hex groups such as 00000000,000000ff)",
        "ff,,ff|invalid CPU mask 'ff,,ff': empty group (two commas, or a comma at an end)"
                + " (expected hex groups such as 00000000,000000ff)",
    })
    void badMasksSayWhatIsWrong(String in, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuSet.parseMask(in));
        assertEquals(message, e.getMessage());
    }

    @Test
    void masksAboveTheMaximumCpuAreRefusedButLeadingZeroGroupsAreFine() {
        String top = "80000000" + ",00000000".repeat(255); // CPU 8191
        assertEquals(List.of(8191), CpuSet.parseMask(top).cpus());
        String beyond = "1" + ",00000000".repeat(256); // CPU 8192
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuSet.parseMask(beyond));
        assertTrue(e.getMessage().contains("it sets CPU 8192, above the maximum 8191"), e.getMessage());
        String zeros = "00000000,".repeat(300) + "00000001";
        assertEquals(CpuSet.of(0), CpuSet.parseMask(zeros));
    }

    @Test
    void ofAndRangeValidateToo() {
        assertEquals("CPU -1 is negative; CPU numbers start at 0",
                assertThrows(IllegalArgumentException.class, () -> CpuSet.of(-1)).getMessage());
        assertEquals("CPU 8192 is above the maximum 8191",
                assertThrows(IllegalArgumentException.class, () -> CpuSet.of(8192)).getMessage());
        assertEquals("CPU range 3-1 goes down (write 1-3)",
                assertThrows(IllegalArgumentException.class, () -> CpuSet.range(3, 1)).getMessage());
        assertEquals(CpuSet.parseList("2-5"), CpuSet.range(2, 5));
        assertEquals(CpuSet.parseList("1,3"), CpuSet.of(List.of(3, 1)));
    }

    @Test
    void setOperationsAndQueries() {
        CpuSet a = CpuSet.parseList("0-3");
        CpuSet b = CpuSet.parseList("2-5");
        assertEquals("0-5", a.union(b).toList());
        assertEquals("0-1", a.minus(b).toList());
        assertEquals("2-3", a.intersect(b).toList());
        assertEquals("", a.intersect(CpuSet.parseList("8")).toList());
        assertTrue(a.contains(0));
        assertFalse(a.contains(4));
        assertFalse(a.contains(-1));
        assertEquals(4, a.size());
        assertTrue(CpuSet.parseList("1-2").isSubsetOf(a));
        assertFalse(b.isSubsetOf(a));
        // operands unchanged: immutable
        assertEquals("0-3", a.toList());
        assertEquals("2-5", b.toList());
        assertEquals(List.of(0, 1, 2, 3), a.cpus());
        assertThrows(UnsupportedOperationException.class, () -> a.cpus().add(9));
    }

    @Test
    void equalityIsAsSetsWhateverTheText() {
        assertEquals(CpuSet.parseList("0,1,2,3"), CpuSet.parseMask("0000000f"));
        assertEquals(CpuSet.parseList("0-3").hashCode(), CpuSet.parseMask("f").hashCode());
        assertEquals(CpuSet.parseMask("00000000,00000001"), CpuSet.parseMask("1"));
        assertNotEquals(CpuSet.parseList("0-3"), CpuSet.parseList("0-4"));
        assertNotEquals(CpuSet.parseList("0"), "0");
        assertEquals("0-3,8", CpuSet.parseList("8,0-3").toString());
    }
}
