package dev.netune.fact.nic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The qdiscs of one device as {@code tc qdisc show dev X} prints them: the root and, under a
 * multi-queue root (mq), one child per transmit queue. Ingress and clsact hang off the ingress
 * handle, not the root, and are left out: netune does not set them.
 *
 * @param root     the root qdisc; empty when tc printed none
 * @param children the qdiscs whose parent is a class of the root ({@code parent :1}, {@code parent 8001:4})
 */
public record QdiscTree(Optional<Qdisc> root, List<Qdisc> children) {
    /** One line of tc: {@code qdisc fq_codel 0: parent :4 limit 10240p ...}, kept whole in {@code line}. */
    public record Qdisc(String kind, String handle, String parent, String line) {
    }

    public QdiscTree {
        children = List.copyOf(children);
    }

    /** Parses tc's text; lines that are not qdiscs (errors, blank) are skipped. */
    public static QdiscTree parse(String text) {
        List<Qdisc> all = new ArrayList<>();
        for (String line : EthtoolText.lines(text)) {
            List<String> w = new ArrayList<>(List.of(line.trim().split("\\s+")));
            if (w.size() < 4 || !w.get(0).equals("qdisc")) {
                continue; // statistics lines of tc -s start with a space
            }
            if (w.get(3).equals("dev") && w.size() > 5) {
                w.subList(3, 5).clear(); // `tc qdisc show` without a device names it: "qdisc mq 0: dev lan1 root"
            }
            String parent = w.get(3).equals("root") ? "root" : w.get(3).equals("parent") && w.size() > 4 ? w.get(4) : "";
            all.add(new Qdisc(w.get(1), w.get(2), parent, line.strip()));
        }
        Optional<Qdisc> root = all.stream().filter(q -> q.parent().equals("root")).findFirst();
        // a default root has handle 0: and its classes print as ":N"; a set one as "8001:N"
        String major = root.map(r -> r.handle().equals("0:") ? ":" : r.handle()).orElse("\u0000");
        List<Qdisc> children = all.stream().filter(q -> q.parent().startsWith(major)
                && q.parent().length() > major.length()).toList();
        return new QdiscTree(root, children);
    }

    /** Whether the root is the one the kernel attached itself (handle 0:), which {@code tc qdisc del} returns to. */
    public boolean isKernelDefault() {
        return root.map(r -> r.handle().equals("0:")).orElse(false);
    }

    /**
     * The tree as netune's plans show it: {@code fq}, {@code mq (fq_codel)}, or with children of
     * several kinds {@code mq (fq_codel, pfifo_fast)}; empty when tc showed no root.
     */
    public Optional<String> summary() {
        return root.map(r -> children.isEmpty() ? r.kind()
                : r.kind() + " (" + String.join(", ", new TreeSet<>(children.stream().map(Qdisc::kind).toList())) + ")");
    }
}
