package dev.netune.setting.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.profile.Problems;
import dev.netune.profile.YamlNode;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RssSchemaTest {
    private final List<String> seen = new java.util.ArrayList<>();

    /** Each load with its own problems: the same message at the same place is reported once per list. */
    private Optional<NicDesired> load(String rule) {
        Problems problems = new Problems();
        try {
            return loadInto(rule, problems);
        } finally {
            seen.add(problems.list().toString());
        }
    }

    private static Optional<NicDesired> loadInto(String rule, Problems problems) {
        YamlNode node = YamlNode.parse(new StringReader("nics:\n  - match: {name: eth1}\n    " + rule + "\n"),
                Path.of("p.yaml"), problems).orElseThrow();
        return NicSchema.load(node.mapping().get("nics"));
    }

    private String errors() {
        return seen.toString();
    }

    @Test
    void equalWeightsHfuncAndHkeyBecomeOneTableValueAndTheHashKeys() {
        NicSettings s = load("rss: {weights: [1, 1, 0, 0], hfunc: toeplitz, hkey: \"6D:5a:56:da\"}").orElseThrow()
                .rules().get(0).settings();
        assertEquals(Map.of("table", "weight 1 1 0 0", "hfunc", "toeplitz", "hkey", "6d:5a:56:da"), s.of(Attribute.RSS));
        assertEquals(Map.of("table", "equal 8"),
                load("rss: {equal: 8}").orElseThrow().rules().get(0).settings().of(Attribute.RSS));
    }

    @Test
    void pauseTakesOnOff() {
        assertEquals(Map.of("autoneg", "off", "rx", "off", "tx", "on"),
                load("pause: {autoneg: off, rx: false, tx: on}").orElseThrow().rules().get(0).settings().of(Attribute.PAUSE));
        assertTrue(load("pause: {rx: sometimes}").isEmpty());
        assertTrue(errors().contains("expected true or false"), errors());
        assertTrue(load("pause: {fast: on}").isEmpty(), "unknown pause key");
    }

    @Test
    void equalAndWeightsAreExclusive() {
        assertTrue(load("rss: {equal: 2, weights: [1, 1]}").isEmpty());
        assertTrue(errors().contains("give either equal: N (spread over queues 0..N-1) or weights: [...]"), errors());
    }

    @Test
    void weightsAreNonNegativeWholeNumbersNotAllZero() {
        for (String bad : List.of("[1, -1]", "[0, 0]", "[]", "[1.5, 1]", "3", "[a, 1]")) {
            assertTrue(load("rss: {weights: " + bad + "}").isEmpty(), bad);
        }
        assertTrue(errors().contains("-1 is out of range (0..4096)"), errors());
        assertTrue(errors().contains("weights needs at least one weight above 0"), errors());
        assertTrue(errors().contains("weights must be a list of whole numbers"), errors());
    }

    @Test
    void equalIsAtLeastOne() {
        assertTrue(load("rss: {equal: 0}").isEmpty());
        assertTrue(errors().contains("0 is out of range (1..4096)"), errors());
    }

    @Test
    void hkeyIsHexBytesWithColonsAndHfuncAName() {
        assertTrue(load("rss: {hkey: \"6d5a56da\"}").isEmpty());
        assertTrue(errors().contains("hkey must be hex bytes separated by colons"), errors());
        assertTrue(load("rss: {hkey: \"6d:5a; reboot\"}").isEmpty());
        assertTrue(load("rss: {hfunc: \"toeplitz; reboot\"}").isEmpty());
        assertTrue(errors().contains("is not a hash function name"), errors());
    }

    @Test
    void emptyRssSaysWhatItNeeds() {
        assertTrue(load("rss: {}").isEmpty());
        assertTrue(errors().contains("rss needs equal: N or weights"), errors());
    }
}
