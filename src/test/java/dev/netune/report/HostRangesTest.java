package dev.netune.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HostRangesTest {
    @Test
    void paddedSeriesBecomesOneRange() {
        List<String> names = new ArrayList<>(IntStream.rangeClosed(1, 312).mapToObj(i -> String.format("web-%03d", i)).toList());
        names.add("db-1");
        assertEquals("web-[001:312], db-1", HostRanges.compress(names));
    }

    @Test
    void gapsShortRunsAndPlainNames() {
        assertEquals("web-[1:3], web-5, web-6, web-[8:10], bastion, db1.example.com",
                HostRanges.compress(List.of("web-10", "web-1", "web-2", "web-3", "web-5", "web-6", "web-8", "web-9",
                        "bastion", "db1.example.com")));
    }

    @Test
    void suffixAndWidthKeepSeriesApart() {
        // web-[08:12] is zero-padded; web-100 has the padded width, web-7 does not
        assertEquals("web-[08:12], web-7, node-[1:3].dc1", HostRanges.compress(List.of("web-08", "web-09", "web-10",
                "web-11", "web-12", "web-7", "node-1.dc1", "node-2.dc1", "node-3.dc1")));
        assertEquals("web-[098:100]", HostRanges.compress(List.of("web-098", "web-099", "web-100")));
    }

    @Test
    void longListsAreCut() {
        assertEquals("a, b and 2 more", HostRanges.compress(List.of("a", "b", "c", "d"), 2));
        assertEquals("", HostRanges.compress(List.of()));
    }
}
