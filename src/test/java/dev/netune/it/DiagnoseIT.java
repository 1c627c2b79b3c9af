package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netune.profile.ProfileLoader;
import dev.netune.kinds.Kinds;
import dev.netune.testhost.Cli;
import dev.netune.testhost.Require;
import dev.netune.testhost.SshdContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.utility.MountableFile;

/**
 * {@code netune diagnose} against a real sshd host under real load: inside the container (its
 * own network namespace, loopback only) a tiny somaxconn and a listener that never accepts make
 * the accept queue overflow, and a narrow ip_local_port_range with a connect-close loop runs out of
 * local ports; a receiver that shrinks its buffers under a sender makes TCP drop at the receive
 * queue, and tcp_syncookies=2 answers every SYN with a cookie. The load generator is a small static C
 * program compiled here and copied into the container (the image itself is not changed); every load
 * process ends by itself.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiagnoseIT {
    @RegisterExtension
    static final SshdContainer HOST = new SshdContainer();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LOAD_SECONDS = 40;

    @TempDir
    static Path dir;
    static Path inventory;

    @BeforeAll
    static void loadGeneratorAndInventory() throws Exception {
        Path src = dir.resolve("loadgen.c");
        Files.writeString(src, LOADGEN_C);
        Path bin = dir.resolve("loadgen");
        Require.that(run("gcc", "-static", "-O2", "-o", bin.toString(), src.toString()),
                "gcc with static libc is needed to build the load generator");
        HOST.container().copyFileToContainer(MountableFile.forHostPath(bin, 0755), "/usr/local/bin/netune-loadgen");
        inventory = dir.resolve("inventory.yaml");
        Files.writeString(inventory, """
                defaults:
                  identityFile: %s
                  knownHosts: %s
                hosts:
                  loaded: {address: 127.0.0.1, port: %d, user: tuner}
                """.formatted(HOST.identityFile(), HOST.knownHostsFile(), HOST.port()));
    }

    private static boolean run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).inheritIO().start();
        return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Test
    @Order(1)
    void healthyHostHasNoFindingsAndWritesAnEmptyValidProfile() throws Exception {
        Path out = dir.resolve("healthy.yaml");
        Cli.Result r = Cli.run("diagnose", "-i", inventory.toString(), "--interval", "1s", "--write-profile",
                out.toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("loaded (127.0.0.1:" + HOST.port() + "): no findings in "), r::toString);
        // never a bare "no findings": what was checked, and what could not be read with why
        assertTrue(r.out().contains("  checked: NIC ring and receive drops on eth0; backlog drops and softirq budget"
                + " per CPU; accept queue overflows; SYN queue overflows (SYN cookies); socket receive queue drops and"
                + " pruning;"), r::toString);
        assertTrue(r.out().contains("NET_RX softirqs per CPU; conntrack table fill, drops and failed inserts;"), r::toString);
        new ProfileLoader(Kinds.all()).loadAll(List.of(out));
    }

    @Test
    @Order(2)
    void namesAcceptQueueOverflowAndPortExhaustionUnderRealLoad() throws Exception {
        // the container's own netns: nothing of the machine running the tests changes. First the
        // port range fills with TIME_WAIT (they last 60 s), then the accept-queue flood starts: on a
        // busy machine both at once starve the connect-close loop.
        HOST.sh("echo '40000 40100' > /proc/sys/net/ipv4/ip_local_port_range; echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse");
        load("accept 8081");
        load("churn 8081");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (timeWait() < 95 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(timeWait() >= 95, () -> "the connect-close loop did not fill the port range: " + HOST.sh("cat /proc/net/sockstat"));
        HOST.sh("echo 4 > /proc/sys/net/core/somaxconn");
        load("listen 8080");
        load("flood 8080");
        Thread.sleep(1000);
        Path profile = dir.resolve("suggested.yaml");
        Cli.Result json = Cli.run("diagnose", "-i", inventory.toString(), "--interval", "2s", "--format", "json",
                "--write-profile", profile.toString());
        Cli.Result text = Cli.run("diagnose", "-i", inventory.toString(), "--interval", "2s");

        assertEquals(0, json.exit(), json::toString);
        JsonNode host = JSON.readTree(json.out()).get("hosts").get(0);
        assertEquals("OK", host.get("status").asText());
        List<String> codes = new ArrayList<>();
        host.get("findings").forEach(f -> codes.add(f.get("code").asText()));
        assertTrue(codes.contains("accept-queue-overflow"), json::toString);
        assertTrue(codes.contains("local-ports-exhausted"), json::toString);
        JsonNode accept = finding(host, "accept-queue-overflow");
        assertTrue(accept.get("evidence").get(0).get("perSecond").asDouble() > 0, json::toString);
        assertTrue(accept.get("knob").asText().contains("net.core.somaxconn 4 -> 4096"), json::toString);
        JsonNode ports = finding(host, "local-ports-exhausted");
        assertEquals("CRITICAL", ports.get("severity").asText(), json::toString);
        assertTrue(ports.get("evidence").get(0).get("counter").asText()
                .startsWith("local ports 40000-40100 toward 127.0.0.1:8081"), json::toString);
        assertTrue(ports.get("knob").asText().contains("net.ipv4.ip_local_port_range \"40000 40100\" -> \"10000 64999\""),
                json::toString);
        assertTrue(ports.get("knob").asText().contains("net.ipv4.tcp_tw_reuse 0 -> 1"), json::toString);

        assertEquals(0, text.exit(), text::toString);
        assertTrue(text.out().contains("accept-queue-overflow: listen queues overflow"), text::toString);
        assertTrue(text.out().contains("profile: sysctl: {net.core.somaxconn: 4096, net.ipv4.tcp_max_syn_backlog: 4096}"),
                text::toString);
        assertTrue(text.out().contains("local-ports-exhausted"), text::toString);

        String yaml = Files.readString(profile);
        assertTrue(yaml.contains("  net.core.somaxconn: 4096\n"), yaml);
        assertTrue(yaml.contains("  net.ipv4.ip_local_port_range: \"10000 64999\"\n"), yaml);
        assertTrue(yaml.contains("  # loaded: /proc/net/netstat TcpExt.ListenOverflows grows"), yaml);
        new ProfileLoader(Kinds.all()).loadAll(List.of(profile));
        Cli.Result validate = Cli.run("validate", profile.toString());
        assertEquals(0, validate.exit(), validate::toString);
        Cli.Result plan = Cli.run("plan", "-i", inventory.toString(), "-p", profile.toString());
        assertEquals(0, plan.exit(), plan::toString);
        assertTrue(plan.out().contains("~ sysctl net.core.somaxconn: 4 -> 4096"), plan::toString);
    }

    @Test
    @Order(3)
    void unreachableHostExitsOne() throws Exception {
        Path inv = dir.resolve("down.yaml");
        Files.writeString(inv, """
                defaults:
                  identityFile: %s
                  knownHosts: %s
                hosts:
                  down: {address: 127.0.0.1, port: 1}
                """.formatted(HOST.identityFile(), HOST.knownHostsFile()));
        Cli.Result r = Cli.run("diagnose", "-i", inv.toString(), "--interval", "1s", "--connect-timeout", "2");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().contains("down (127.0.0.1:1): UNREACHABLE"), r::toString);
    }

    @Test
    @Order(4)
    void namesReceiveQueueDropsAndSynCookiesUnderRealLoad() throws Exception {
        // per-namespace: every SYN of this container is answered with a cookie; the earlier test's
        // narrow port range and tiny somaxconn would starve the connections, so they go back
        HOST.sh("echo 2 > /proc/sys/net/ipv4/tcp_syncookies; echo '10000 64999' > /proc/sys/net/ipv4/ip_local_port_range;"
                + " echo 4096 > /proc/sys/net/core/somaxconn");
        try {
            HOST.sh("nohup /usr/local/bin/netune-loadgen sink 8090 20 >/dev/null 2>&1 &");
            Thread.sleep(300);
            HOST.sh("nohup /usr/local/bin/netune-loadgen blast 8090 15 >/dev/null 2>&1 &");
            Thread.sleep(1000);
            Cli.Result json = Cli.run("diagnose", "-i", inventory.toString(), "--interval", "2s", "--format", "json");
            Cli.Result text = Cli.run("diagnose", "-i", inventory.toString(), "--interval", "2s");

            assertEquals(0, json.exit(), json::toString);
            JsonNode host = JSON.readTree(json.out()).get("hosts").get(0);
            JsonNode drops = finding(host, "socket-receive-drops");
            List<String> counters = new ArrayList<>();
            drops.get("evidence").forEach(e -> counters.add(e.get("counter").asText()));
            assertTrue(counters.contains("/proc/net/netstat TcpExt.TCPRcvQDrop"), json::toString);
            assertTrue(counters.contains("/proc/net/netstat TcpExt.RcvPruned"), json::toString);
            JsonNode cookies = finding(host, "syn-cookies");
            assertTrue(cookies.get("evidence").get(0).get("counter").asText().endsWith("TcpExt.SyncookiesSent"), json::toString);
            assertEquals("net.ipv4.tcp_syncookies 2 -> 1", cookies.get("knob").asText(), json::toString);
            assertTrue(host.get("checks").size() >= 10, json::toString);

            assertEquals(0, text.exit(), text::toString);
            assertTrue(text.out().contains("socket-receive-drops: TCP sockets drop data their receive queue has no room for"),
                    text::toString);
            assertTrue(text.out().contains("syn-cookies: SYN cookies are sent for every SYN"), text::toString);
            assertTrue(text.out().contains("evidence: /proc/net/netstat TcpExt.TCPRcvQDrop grows "), text::toString);
        } finally {
            HOST.sh("echo 1 > /proc/sys/net/ipv4/tcp_syncookies");
        }
    }

    private static void load(String mode) {
        HOST.sh("nohup /usr/local/bin/netune-loadgen " + mode + " " + LOAD_SECONDS + " >/dev/null 2>&1 &");
    }

    private static int timeWait() {
        String sockstat = HOST.sh("cat /proc/net/sockstat");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("TCP: .* tw (\\d+)").matcher(sockstat);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static JsonNode finding(JsonNode host, String code) {
        for (JsonNode f : host.get("findings")) {
            if (f.get("code").asText().equals(code)) {
                return f;
            }
        }
        throw new AssertionError("no finding " + code + " in " + host);
    }

    /** The load generator's source (built with gcc -static, so the minimal image needs nothing). */
    private static final String LOADGEN_C = """
/* Bounded loopback load for DiagnoseIT. Every mode ends by itself after SECONDS.
 *   listen PORT SECONDS  listen with backlog 1 and never accept
 *   accept PORT SECONDS  accept, wait for the client's FIN, close (the client gets TIME_WAIT)
 *   flood PORT SECONDS   non-blocking connects from fixed source ports 50000-54999, closed in batches
 *   churn PORT SECONDS   connect and close at once, from the ephemeral range, until it runs out
 *   sink PORT SECONDS    accept, then shrink each connection's SO_RCVBUF and never read: data inside the
 *                        window already advertised no longer fits (TCPRcvQDrop, PruneCalled, RcvPruned)
 *   blast PORT SECONDS   a new connection every 10 ms sending 64 KiB, at most 200 open */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static struct sockaddr_in addr(int port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static void pause_ms(int ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static int server(int port, int backlog) {
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in a = addr(port);
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, backlog)) {
        perror("listen");
        exit(1);
    }
    return s;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: loadgen listen|accept|flood|churn PORT SECONDS\\n");
        return 2;
    }
    int port = atoi(argv[2]);
    time_t end = time(NULL) + atoi(argv[3]);
    if (!strcmp(argv[1], "listen")) {
        server(port, 1);
        while (time(NULL) < end) pause_ms(100);
    } else if (!strcmp(argv[1], "accept")) {
        int s = server(port, 128);
        fcntl(s, F_SETFL, O_NONBLOCK);
        while (time(NULL) < end) {
            int c = accept(s, NULL, NULL);
            if (c < 0) { pause_ms(1); continue; }
            char buf[64];
            while (read(c, buf, sizeof buf) > 0) { }
            close(c);
        }
    } else if (!strcmp(argv[1], "flood")) {
        int fds[50], n = 0, src = 0;
        struct sockaddr_in to = addr(port);
        while (time(NULL) < end) {
            int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
            struct sockaddr_in from = addr(50000 + src++ % 5000);
            setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
            fcntl(s, F_SETFL, O_NONBLOCK);
            if (bind(s, (struct sockaddr *)&from, sizeof from) == 0) connect(s, (struct sockaddr *)&to, sizeof to);
            fds[n++] = s;
            if (n == 50) {
                pause_ms(20);
                while (n > 0) close(fds[--n]);
            }
        }
    } else if (!strcmp(argv[1], "churn")) {
        struct sockaddr_in to = addr(port);
        while (time(NULL) < end) {
            int s = socket(AF_INET, SOCK_STREAM, 0);
            if (connect(s, (struct sockaddr *)&to, sizeof to) == 0) {
                close(s);
            } else {
                close(s);
                pause_ms(errno == EADDRNOTAVAIL ? 20 : 5);
            }
        }
    } else if (!strcmp(argv[1], "sink")) {
        int s = server(port, 256), small = 1;
        fcntl(s, F_SETFL, O_NONBLOCK);
        while (time(NULL) < end) {
            int c = accept(s, NULL, NULL);
            if (c < 0) { pause_ms(2); continue; }
            setsockopt(c, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        }
    } else if (!strcmp(argv[1], "blast")) {
        static char buf[65536];
        int fds[200] = {0}, n = 0;
        struct sockaddr_in to = addr(port);
        while (time(NULL) < end) {
            if (fds[n % 200] > 0) close(fds[n % 200]);
            int c = socket(AF_INET, SOCK_STREAM, 0);
            if (connect(c, (struct sockaddr *)&to, sizeof to) == 0) {
                pause_ms(5);
                fcntl(c, F_SETFL, O_NONBLOCK);
                send(c, buf, sizeof buf, MSG_NOSIGNAL);
            }
            fds[n++ % 200] = c;
            pause_ms(10);
        }
    } else {
        return 2;
    }
    return 0;
}
""";
}
