package dev.netune.setting.nic;

import dev.netune.fact.nic.QdiscTree;
import java.util.List;
import java.util.Optional;

/**
 * The qdiscs a NIC rule may ask for and the one text form plans, apply and the restore script
 * share: {@code fq}, or {@code mq (fq_codel)} for mq with that child on every transmit queue.
 */
final class Qdiscs {
    /** Classless qdiscs that work with their defaults (no parameters netune would have to model). */
    static final List<String> LEAVES = List.of("fq", "fq_codel", "fq_pie", "cake", "sfq", "codel", "pie",
            "pfifo_fast", "pfifo", "bfifo");
    /** Roots: the leaves, and mq (one child per hardware transmit queue). */
    static final List<String> ROOTS = java.util.stream.Stream.concat(LEAVES.stream(), java.util.stream.Stream.of("mq"))
            .toList();

    private Qdiscs() {
    }

    static String text(String root, String child) {
        return child == null ? root : root + " (" + child + ")";
    }

    /** The root of a text form. */
    static String root(String text) {
        int p = text.indexOf(" (");
        return p < 0 ? text : text.substring(0, p);
    }

    /** The one child kind of a text form; empty for a root alone or children of several kinds. */
    static Optional<String> child(String text) {
        int p = text.indexOf(" (");
        if (p < 0 || !text.endsWith(")")) {
            return Optional.empty();
        }
        String c = text.substring(p + 2, text.length() - 1);
        return c.contains(",") ? Optional.empty() : Optional.of(c);
    }

    /**
     * Whether the device holds what is wanted: the same root, and when a child is wanted, that
     * child on every queue. {@code mq} alone leaves the children to net.core.default_qdisc.
     */
    static boolean holds(QdiscTree tree, String wanted) {
        Optional<String> have = tree.summary();
        if (have.isEmpty()) {
            return false;
        }
        return child(wanted).isPresent() ? have.get().equals(wanted) : root(have.get()).equals(root(wanted));
    }
}
