package dev.netune.fact.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** tc qdisc show, as captured (captures/qdisc/SOURCE.txt). */
class QdiscTreeTest {

    private static QdiscTree capture(String file) {
        return QdiscTree.parse(Captures.read("/captures/qdisc/" + file));
    }

    @Test
    void theKernelsMqOnAMultiQueueDeviceWithFqCodelOnEveryQueueEvenWithStatisticsAndDeviceNames() {
        QdiscTree t = capture("qosmate-lan1-mq-fq_codel-stats.txt");
        assertEquals(Optional.of("mq (fq_codel)"), t.summary());
        assertTrue(t.isKernelDefault());
        assertEquals(List.of(":4", ":3", ":2", ":1"), t.children().stream().map(QdiscTree.Qdisc::parent).toList());
        assertEquals("qdisc mq 0: dev lan1 root", t.root().orElseThrow().line());
    }

    @Test
    void aVethOrLoopbackHasNoqueue() {
        for (String f : List.of("container-veth-eth0.txt", "container-lo.txt")) {
            QdiscTree t = capture(f);
            assertEquals(Optional.of("noqueue"), t.summary(), f);
            assertTrue(t.isKernelDefault(), f);
        }
    }

    @Test
    void aClassfulRootSetBySomeoneElseIsNotTheDefaultAndIngressIsNoChild() {
        QdiscTree t = capture("firehol-extern-htb-fq_codel.txt");
        assertEquals(Optional.of("htb (fq_codel)"), t.summary());
        assertFalse(t.isKernelDefault());
        assertEquals(List.of("1:12", "1:11", "1:8000"), t.children().stream().map(QdiscTree.Qdisc::parent).toList());
    }

    @Test
    void mixedChildrenAreNamedEachOnceAndTextWithoutQdiscsIsEmpty() {
        QdiscTree t = QdiscTree.parse("qdisc mq 1: root \nqdisc fq 8002: parent 1:2 limit 10000p\n"
                + "qdisc pfifo_fast 0: parent 1:1 bands 3 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1\n");
        assertEquals(Optional.of("mq (fq, pfifo_fast)"), t.summary());
        assertFalse(t.isKernelDefault());
        assertEquals(Optional.empty(), QdiscTree.parse("Cannot find device \"eth9\"\n").summary());
    }
}
