package dev.netune.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A known_hosts file as last parsed, with the modification time and size it had then: parsed once
 * per run and shared by every connection while the file is unchanged (same modification time and
 * size): a fleet's known_hosts has a line per host, and parsing it for each of thousands of
 * connections made the controller quadratic in the fleet size.
 */
record KnownHostsCache(long modified, long size, KnownHostsFile entries) {
    private static final ConcurrentHashMap<Path, KnownHostsCache> CACHE = new ConcurrentHashMap<>();
    private static final KnownHostsFile EMPTY = KnownHostsFile.parse(new byte[0]);

    /**
     * The file's entries; a missing or unreadable file, or one that is not a regular file, has none.
     * The --forks connections a fleet run starts at once all ask at the same moment: one of them
     * parses while the others wait for its result, where each parsing for itself cost the first
     * wave a fleet-sized parse apiece while the JIT was cold (a tenth of the controller's CPU in a
     * simulated plan of 1,000 hosts).
     */
    static KnownHostsFile of(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(key, BasicFileAttributes.class);
        } catch (IOException e) {
            return EMPTY;
        }
        if (!now.isRegularFile()) {
            return EMPTY;
        }
        long modified = now.lastModifiedTime().toMillis();
        long size = now.size();
        KnownHostsCache cached = CACHE.get(key);
        if (cached != null && cached.is(modified, size)) {
            return cached.entries;
        }
        if (size > KnownHostsFormat.MAX_BYTES) {
            throw new IOException("it is larger than " + (KnownHostsFormat.MAX_BYTES >> 20)
                    + " MiB; is it really a known_hosts file?");
        }
        try {
            // compute holds the key's entry while it parses: callers of the same file wait for this one
            return CACHE.compute(key, (k, old) -> old != null && old.is(modified, size) ? old
                    : new KnownHostsCache(modified, size, parse(k))).entries;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private boolean is(long modified, long size) {
        return this.modified == modified && this.size == size;
    }

    private static KnownHostsFile parse(Path file) {
        try {
            return KnownHostsFile.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
