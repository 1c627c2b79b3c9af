package dev.netune.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeTest {
    private static final ChangeKind FILE = ChangeKind.of("sysctl-file");

    @Test
    void theActionFollowsFromWhichValueIsAbsent() {
        assertEquals(Action.CREATE, new Change(FILE, "/f", null, "x").action());
        assertEquals(Action.UPDATE, new Change(FILE, "/f", "x", "y").action());
        assertEquals(Action.DELETE, new Change(FILE, "/f", "x", null).action());
    }

    @Test
    void anActionThatContradictsTheValuesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Change(FILE, "/f", Action.UPDATE, "x", null, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Change(FILE, "/f", Action.DELETE, null, "x", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Change(FILE, "/f", Action.CREATE, "x", "y", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Change(FILE, "/f", null, null), "neither value");
        assertThrows(NullPointerException.class, () -> new Change(FILE, null, "x", "y"));
    }

    @Test
    void kindNamesAreWordsNotArbitraryText() {
        assertEquals("nic.irqAffinity", ChangeKind.of("nic.irqAffinity").name());
        assertThrows(IllegalArgumentException.class, () -> ChangeKind.of(""));
        assertThrows(IllegalArgumentException.class, () -> ChangeKind.of("sysctl; rm -rf /"));
        assertThrows(IllegalArgumentException.class, () -> ChangeKind.of("Nic"));
    }
}
