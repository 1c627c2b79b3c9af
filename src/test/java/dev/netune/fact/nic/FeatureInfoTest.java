package dev.netune.fact.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeatureInfoTest {

    @Test
    void virtioFeaturesWithFixedAndGroups() {
        FeatureInfo f = FeatureInfo.parse(Captures.driver("virtio_net", "ethtool-k.txt"));
        assertEquals(63, f.features().size());
        assertEquals(new FeatureInfo.Feature("rx-checksumming", true, true, Optional.empty(), Optional.empty()),
                f.features().get("rx-checksumming"));
        assertEquals(new FeatureInfo.Feature("tx-checksum-ip-generic", true, false, Optional.empty(),
                Optional.of("tx-checksumming")), f.features().get("tx-checksum-ip-generic"));
        assertEquals(Optional.of("tcp-segmentation-offload"),
                f.features().get("tx-tcp-accecn-segmentation").group());
        assertEquals(Optional.empty(), f.features().get("generic-receive-offload").group());
        FeatureInfo.Feature lro = f.get("lro").orElseThrow();
        assertEquals("large-receive-offload", lro.name());
        assertFalse(lro.on());
        assertTrue(lro.fixed());
        assertTrue(f.get("gro").orElseThrow().on());
        assertFalse(f.get("gro").orElseThrow().fixed());
        assertTrue(f.get("rx-gro-hw").orElseThrow().fixed());
        assertEquals(Optional.empty(), f.get("no-such-feature"));
    }

    @Test
    void shortNamesMapLikeEthtool() {
        assertEquals("generic-receive-offload", FeatureInfo.longName("gro"));
        assertEquals("large-receive-offload", FeatureInfo.longName("lro"));
        assertEquals("tcp-segmentation-offload", FeatureInfo.longName("tso"));
        assertEquals("generic-segmentation-offload", FeatureInfo.longName("gso"));
        assertEquals("rx-checksumming", FeatureInfo.longName("rx"));
        assertEquals("tx-checksumming", FeatureInfo.longName("tx"));
        assertEquals("scatter-gather", FeatureInfo.longName("sg"));
        assertEquals("rx-vlan-offload", FeatureInfo.longName("rxvlan"));
        assertEquals("tx-vlan-offload", FeatureInfo.longName("txvlan"));
        assertEquals("ntuple-filters", FeatureInfo.longName("ntuple"));
        assertEquals("receive-hashing", FeatureInfo.longName("rxhash"));
        assertEquals("rx-gro-hw", FeatureInfo.longName("rx-gro-hw"));
        assertEquals("generic-receive-offload", FeatureInfo.longName(" GRO "));
    }

    @Test
    void requestedOnAnnotation() {
        FeatureInfo f = FeatureInfo.parse(Captures.driver("veth", "ethtool-k-requested.txt"));
        FeatureInfo.Feature tso = f.features().get("tx-tcp-segmentation");
        assertFalse(tso.on());
        assertFalse(tso.fixed());
        assertEquals(Optional.of(true), tso.requested());
        assertEquals(Optional.of("tcp-segmentation-offload"), tso.group());
        assertEquals(Optional.of(true), f.get("ufo").orElseThrow().requested());
        assertEquals(Optional.empty(), f.get("tso").orElseThrow().requested());
    }

    @Test
    void vethIndentedWithSpaces() {
        FeatureInfo f = FeatureInfo.parse(Captures.driver("veth", "ethtool-k-partial.txt"));
        assertEquals(7, f.features().size());
        assertEquals(Optional.of("tx-checksumming"), f.features().get("tx-checksum-sctp").group());
        assertTrue(f.features().get("tx-checksum-sctp").on());
    }

    @Test
    void loopbackAndBridge() {
        FeatureInfo lo = FeatureInfo.parse(Captures.driver("loopback", "ethtool-k.txt"));
        assertTrue(lo.get("loopback").orElseThrow().on());
        assertTrue(lo.get("loopback").orElseThrow().fixed());
        FeatureInfo br = FeatureInfo.parse(Captures.driver("bridge", "ethtool-k.txt"));
        assertTrue(br.get("txvlan").orElseThrow().on());
        assertFalse(br.get("txvlan").orElseThrow().fixed());
    }

    @Test
    void errorIsNotFeatures() {
        assertThrows(IllegalArgumentException.class, () -> FeatureInfo.parse("Cannot get device feature names: No such device\n"));
    }
}
