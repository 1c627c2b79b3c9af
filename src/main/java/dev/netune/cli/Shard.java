package dev.netune.cli;

import dev.netune.inventory.Host;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * {@code --shard I/N}: this run takes the hosts whose name hashes to shard I of N. Stable by
 * host name (not by position), so adding a host to the inventory moves no other host, and an
 * external scheduler (a CI matrix, a Kubernetes Indexed Job) can run the N shards in parallel.
 */
record Shard(int index, int count) {

    static Shard parse(String text) {
        String[] parts = text.split("/");
        try {
            if (parts.length == 2) {
                Shard s = new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
                if (s.count >= 1 && s.index >= 1 && s.index <= s.count) {
                    return s;
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError("--shard takes I/N with 1 <= I <= N, e.g. 2/8; got '" + text + "'");
    }

    boolean owns(String hostName) {
        CRC32 crc = new CRC32();
        crc.update(hostName.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % count == index - 1;
    }

    List<Host> select(List<Host> hosts) {
        return hosts.stream().filter(h -> owns(h.name())).toList();
    }
}
