package dev.netune.diagnose;

import java.util.Map;
import java.util.TreeMap;

/** One profile change a finding proposes, in netune's real profile keys. */
public sealed interface Suggestion {

    /** The change in one line of flow YAML, e.g. {@code sysctl: {net.core.somaxconn: 4096}}. */
    String snippet();

    /** A sysctl; {@code net.core.netdev_budget} is written as {@code softirq: {budget: N}}. */
    record Sysctl(String key, String from, String to) implements Suggestion {
        @Override
        public String snippet() {
            if (key.equals(SOFTIRQ_BUDGET)) {
                return "softirq: {budget: " + to + "}";
            }
            return "sysctl: {" + key + ": " + ProfileWriter.scalar(to) + "}";
        }
    }

    /** An attribute of a {@code nics:} entry matched by interface name, e.g. ring {rx: 4096}. */
    record Nic(String nic, String attribute, Map<String, String> values) implements Suggestion {
        public Nic {
            values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
        }

        @Override
        public String snippet() {
            String refusal = ProfileWriter.nicRefusal(nic);
            return refusal != null ? "# " + refusal
                    : "nics: [{match: {name: " + nic + "}, " + attribute + ": " + ProfileWriter.flow(values) + "}]";
        }
    }

    /** {@code irqbalance: {enabled: ...}}. */
    record Irqbalance(boolean enabled) implements Suggestion {
        @Override
        public String snippet() {
            return "irqbalance: {enabled: " + enabled + "}";
        }
    }

    /** {@code limits: {fileMax: N}}. */
    record FileMax(long from, long to) implements Suggestion {
        @Override
        public String snippet() {
            return "limits: {fileMax: " + to + "}";
        }
    }

    String SOFTIRQ_BUDGET = "net.core.netdev_budget";
}
