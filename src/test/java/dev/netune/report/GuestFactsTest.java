package dev.netune.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.engine.Target;
import dev.netune.fact.Gather;
import dev.netune.kinds.Planner;
import dev.netune.profile.DesiredState;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code netune facts} of the QEMU guest through the production renderers: one real run of the
 * whole facts gather script (captures/qemu-guest/facts-gather.out) parsed by the sources the
 * facts command uses, rendered as text and JSON.
 */
class GuestFactsTest {
    private static HostOutcome guest() throws Exception {
        String out;
        try (InputStream in = GuestFactsTest.class.getResourceAsStream("/captures/qemu-guest/facts-gather.out")) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Gather g = new Gather();
        Planner.defaultFacts().forEach(g::add);
        return new HostOutcome(Target.local(DesiredState.EMPTY), HostStatus.OK, g.parse(out), null, List.of(), "");
    }

    @Test
    void textShowsTheQueueByCpuGridAndLinkOfEachNic() throws Exception {
        String text = new TextReport(false).facts(List.of(guest()));
        assertTrue(text.contains("  nic-topology:\n"
                + "    eth0: link 1000 Mb/s full, txqueuelen 1000, qdisc fq_codel 0: root refcnt 2"), text);
        assertTrue(text.contains("""
                        irq  queue             allowed  CPU0  CPU1
                        36   virtio0-input.0   1          0*    0+
                """), text);
        assertTrue(text.contains("      XPS: tx-0 CPUs 0, tx-1 CPUs 1\n"), text);
    }

    @Test
    void jsonCarriesEveryTopologyFact() throws Exception {
        JsonNode root = new ObjectMapper().readTree(JsonReport.render("facts", new Inputs(null, List.of(), null),
                List.of(guest()), true));
        JsonNode eth1 = root.get("hosts").get(0).get("facts").get("nic-topology").get("nics").get("eth1");
        assertEquals("qdisc mq 0: root", eth1.get("qdisc").asText());
        assertEquals(1000, eth1.get("txqueuelen").asInt());
        assertTrue(eth1.get("speed").isNull(), eth1::toString);
        assertEquals("0-1", eth1.get("localCpus").asText());
        assertEquals("1", eth1.get("xps").get("tx-0").asText());
        assertEquals("0", eth1.get("rps").get("rx-1").asText());
        JsonNode q = eth1.get("queueIrqs").get(0);
        assertEquals(36, q.get("irq").asInt());
        assertEquals("virtio0-input.0", q.get("name").asText());
        assertEquals("1", q.get("allowed").asText());
        assertEquals("0", q.get("effective").asText());
        assertEquals(0, q.get("interrupts").get("1").asInt());
        JsonNode eth0 = root.get("hosts").get(0).get("facts").get("nic-topology").get("nics").get("eth0");
        assertEquals(1000, eth0.get("speed").asInt());
        assertEquals("full", eth0.get("duplex").asText());
        assertEquals(14, eth0.get("queueIrqs").get(0).get("interrupts").get("1").asInt());
        assertEquals("Invalid argument", root.get("hosts").get(0).get("facts").get("nic-topology").get("nics").get("lo")
                .get("unreadable").get("speed").asText());
    }
}
