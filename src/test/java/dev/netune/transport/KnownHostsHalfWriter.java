package dev.netune.transport;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A separate process caught in the middle of an append, as netune's own append could be seen by
 * another run: it takes the file's lock, writes {@code line} up to {@code cut}, says "locked", and
 * writes the rest and lets go only when a line arrives on its standard input. (The lock must be
 * another process's: within one JVM a second lock on the file throws instead of waiting.)
 */
public final class KnownHostsHalfWriter {
    private KnownHostsHalfWriter() {
    }

    /** Args: known_hosts file, the whole line to append (without its newline), where to cut it. */
    public static void main(String[] args) throws Exception {
        byte[] line = (args[1] + "\n").getBytes(StandardCharsets.ISO_8859_1);
        int half = Integer.parseInt(args[2]);
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE, StandardOpenOption.READ);
             FileLock lock = ch.lock()) {
            ch.write(ByteBuffer.wrap(line, 0, half), ch.size());
            ch.force(false);
            System.out.println("locked");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            ch.write(ByteBuffer.wrap(line, half, line.length - half), ch.size());
            ch.force(false);
        }
    }
}
