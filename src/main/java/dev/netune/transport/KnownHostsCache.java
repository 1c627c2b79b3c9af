package dev.netune.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A known_hosts file as last parsed, with the modification time and size it had then: parsed once
 * per run and shared by every connection while the file is unchanged
 * (same modification time and size): a fleet's known_hosts has a line per host, and parsing
 * it for each of thousands of connections made the controller quadratic in the fleet size.
 */
record KnownHostsCache(long modified, long size, KnownHostsFile entries) {
    private static final java.util.concurrent.ConcurrentHashMap<Path, KnownHostsCache> CACHE =
            new java.util.concurrent.ConcurrentHashMap<>();

    static KnownHostsFile of(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(key)) {
            return KnownHostsFile.parse(new byte[0]);
        }
        long modified = Files.getLastModifiedTime(key).toMillis();
        long size = Files.size(key);
        KnownHostsCache cached = CACHE.get(key);
        if (cached != null && cached.modified == modified && cached.size == size) {
            return cached.entries;
        }
        if (size > KnownHostsFormat.MAX_BYTES) {
            throw new IOException("it is larger than " + (KnownHostsFormat.MAX_BYTES >> 20)
                    + " MiB; is it really a known_hosts file?");
        }
        KnownHostsFile entries = KnownHostsFile.parse(Files.readAllBytes(key));
        CACHE.put(key, new KnownHostsCache(modified, size, entries));
        return entries;
    }
}
