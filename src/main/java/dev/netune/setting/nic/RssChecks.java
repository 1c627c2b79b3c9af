package dev.netune.setting.nic;

import dev.netune.fact.nic.ChannelInfo;
import dev.netune.fact.nic.NicFacts;
import dev.netune.fact.nic.PauseInfo;
import dev.netune.fact.nic.RssInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;

/**
 * Checks wanted RSS and pause values against what {@code ethtool -x} and {@code -a} report: the
 * table against the queues the same plan leaves, the hash function against the driver's list,
 * the key against its length. A table is compared by the entries it yields, so {@code equal 2}
 * matches a default table over 2 queues and a second plan is empty.
 */
final class RssChecks {
    /** The table value of a table that is the kernel's default (round robin over the rx queues). */
    static final String DEFAULT = "default";

    private RssChecks() {
    }

    /** The rx queues the NIC has once the plan's channel change (if any) is applied. */
    static OptionalInt queuesAfter(NicFacts nic, SortedMap<String, String> plannedChannels) {
        Optional<ChannelInfo> ch = nic.channels().value();
        if (plannedChannels != null && ch.isPresent()) {
            String n = plannedChannels.get(ch.get().usesCombined() ? "combined" : "rx");
            if (n != null) {
                // combined and rx channels both serve receive: rx queues are their sum
                int other = ch.get().usesCombined() ? plannedChannels.containsKey("rx")
                        ? Integer.parseInt(plannedChannels.get("rx")) : ch.get().rx().orElse(0) : 0;
                return OptionalInt.of(Integer.parseInt(n) + other);
            }
        }
        if (ch.isPresent() && (ch.get().combined().isPresent() || ch.get().rx().isPresent())) {
            return OptionalInt.of(ch.get().combined().orElse(0) + ch.get().rx().orElse(0));
        }
        return nic.rss().value().map(RssInfo::rings).orElse(OptionalInt.empty());
    }

    static NicChecks.Check checkRss(NicFacts nic, String key, String want, OptionalInt queues) {
        Optional<RssInfo> info = nic.rss().value();
        if (info.isEmpty()) {
            return NicChecks.Check.error(NicChecks.unsupported(nic, "the RSS table or hash", nic.rss()));
        }
        RssInfo r = info.get();
        return switch (key) {
            case "table" -> checkTable(nic, r, want, queues);
            case "hfunc" -> {
                if (r.hashFunctions().isEmpty()) {
                    yield NicChecks.Check.error(NicChecks.who(nic) + ": this host's ethtool lists no RSS hash functions"
                            + " (too old to print them), so hfunc " + want + " cannot be checked; update ethtool");
                }
                if (!r.hashFunctions().containsKey(want)) {
                    yield NicChecks.Check.error("ethtool -x of " + NicChecks.who(nic) + " lists no RSS hash function " + want
                            + "; it lists: " + String.join(", ", r.hashFunctions().keySet()));
                }
                // ethtool lists every function the kernel knows, on or off: the driver may still refuse one
                yield new NicChecks.Check(want, r.hashFunction(), null, want.equals(r.hashFunction().orElse(null))
                        ? List.of() : List.of("ethtool lists every hash function the kernel knows; the driver may refuse "
                                + want + " (apply then reports its error)"));
            }
            default -> {
                if (r.key().isEmpty()) {
                    yield NicChecks.Check.error(NicChecks.who(nic) + " does not report its RSS hash key (ethtool -x prints none),"
                            + " so hkey cannot be set or checked");
                }
                int has = r.keyBytes().getAsInt();
                int wants = (want.length() + 1) / 3;
                if (has != wants) {
                    yield NicChecks.Check.error("hkey has " + wants + " bytes; the RSS key of " + NicChecks.who(nic) + " has "
                            + has);
                }
                yield NicChecks.Check.ok(want, r.key());
            }
        };
    }

    private static NicChecks.Check checkTable(NicFacts nic, RssInfo r, String want, OptionalInt queues) {
        int size = r.table().size();
        if (size == 0) {
            return NicChecks.Check.error(NicChecks.who(nic) + " reports no RSS indirection table (ethtool -x shows none)");
        }
        String[] w = want.split(" ");
        int used = w[0].equals("equal") ? Integer.parseInt(w[1]) : w.length - 1;
        String what = w[0].equals("equal") ? "equal " + used : "weights for " + used + " queues";
        if (queues.isPresent() && used > queues.getAsInt()) {
            return NicChecks.Check.error("rss " + what + " of " + NicChecks.who(nic) + " needs " + used + " rx queues; it has "
                    + queues.getAsInt() + " after this plan (raise channels first, or spread over fewer)");
        }
        if (w[0].equals("weight")) {
            long sum = Arrays.stream(w).skip(1).mapToLong(Long::parseLong).sum();
            if (sum > size) {
                return NicChecks.Check.error("rss weights of " + NicChecks.who(nic) + " add up to " + sum + ", more than its "
                        + size + "-entry indirection table (ethtool refuses this)");
            }
        }
        return NicChecks.Check.ok(want, Optional.of(current(r, want)));
    }

    /** The table as the plan shows it: the wanted value when the table already is that, else a description. */
    static String current(RssInfo r, String want) {
        List<Integer> t = r.table();
        if (want != null && !want.startsWith(DEFAULT) && t.equals(expected(want, t.size()))) {
            return want;
        }
        return describe(t, r.rings().orElse(0));
    }

    /**
     * "default (equal N)" for the round robin over the NIC's N rx queues (rolled back with
     * {@code ethtool -X DEV default}), "equal N" for another round robin, else the share of
     * each queue as weights.
     */
    static String describe(List<Integer> table, int rings) {
        if (table.isEmpty()) {
            return "none";
        }
        int n = table.stream().mapToInt(Integer::intValue).max().getAsInt() + 1;
        if (table.equals(expected("equal " + n, table.size()))) {
            return n == rings ? DEFAULT + " (equal " + n + ")" : "equal " + n;
        }
        int[] counts = new int[n];
        table.forEach(q -> counts[q]++);
        List<String> words = new ArrayList<>(List.of("weight"));
        Arrays.stream(counts).forEach(c -> words.add(Integer.toString(c)));
        return String.join(" ", words);
    }

    /** The table ethtool -X fills for "equal N" or "weight W...", by ethtool's own rule (fill_indir_table). */
    static List<Integer> expected(String table, int size) {
        String[] w = table.split(" ");
        List<Integer> out = new ArrayList<>(size);
        if (w[0].equals("equal")) {
            int n = Integer.parseInt(w[1]);
            for (int i = 0; i < size; i++) {
                out.add(i % n);
            }
            return out;
        }
        long sum = 0;
        for (int j = 1; j < w.length; j++) {
            sum += Long.parseLong(w[j]);
        }
        long partial = 0;
        int j = -1;
        for (int i = 0; i < size; i++) {
            while (sum > 0 && i >= size * partial / sum && j + 2 < w.length) {
                j++;
                partial += Long.parseLong(w[j + 1]);
            }
            out.add(j);
        }
        return out;
    }

    static NicChecks.Check checkPause(NicFacts nic, String key, String want) {
        Optional<PauseInfo> info = nic.pause().value();
        if (info.isEmpty()) {
            return NicChecks.Check.error(NicChecks.unsupported(nic, "flow control (pause)", nic.pause()));
        }
        String cur = info.get().settings().get(key);
        if (cur == null) {
            return NicChecks.Check.error(NicChecks.who(nic) + " reports no pause " + key);
        }
        return NicChecks.Check.ok(want, Optional.of(cur));
    }

    /** The value after apply, for verify: a table compared by its entries. */
    static Optional<String> current(Attribute a, NicFacts nic, String key, String want) {
        if (a == Attribute.PAUSE) {
            return nic.pause().value().map(p -> p.settings().get(key));
        }
        return nic.rss().value().map(r -> switch (key) {
            case "table" -> current(r, want);
            case "hfunc" -> r.hashFunction().orElse(null);
            default -> r.key().orElse(null);
        });
    }
}
