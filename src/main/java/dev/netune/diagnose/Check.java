package dev.netune.diagnose;

import java.util.List;

/**
 * One check diagnose made on a host, or could not make: what it looks for and what it read.
 *
 * @param what    e.g. "socket receive queue drops"
 * @param sources what it read, e.g. {@code /proc/net/netstat TcpExt.TCPRcvQDrop}
 * @param made    false when none of its sources could be read (their reasons are in the unread list)
 */
public record Check(String what, List<String> sources, boolean made) {
    public Check {
        sources = List.copyOf(sources);
    }
}
