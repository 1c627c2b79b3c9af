package dev.netune.setting.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.transport.Shell;
import dev.netune.transport.ShellScript;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nic-knobs qdisc functions against a stub of tc that keeps one device's qdiscs in a file as
 * tc prints them: mq gets a handle of ours and a child on every class tc lists (the kernel's mq
 * has one per num_tx_queues), what the device holds is left alone, and a default is restored by del.
 */
class QdiscShellTest {
    @TempDir
    Path dir;

    /** tc qdisc show|replace|del for one device, the state in $S, every changing call logged to $L. */
    private static final String STUB = """
            tc() {
              [ "$1" = qdisc ] || return 2
              case $2 in
                show) if [ "$5" = root ]; then head -n 1 "$S"; else cat "$S"; fi ;;
                del) echo "del" >> "$L"
                     if head -n 1 "$S" | grep -q ' 0: root'; then echo 'Error: Cannot delete qdisc with handle of zero.' >&2; return 2; fi
                     printf 'qdisc mq 0: root \\n' > "$S"; for i in 1 2 3 4; do printf 'qdisc fq_codel 0: parent :%s limit 10240p\\n' "$i" >> "$S"; done ;;
                replace) shift 4; echo "replace $*" >> "$L"
                     if [ "$1 $2 $3 $4" = "root handle 1: mq" ]; then
                       printf 'qdisc mq 1: root \\n' > "$S"; for i in 1 2 3 4; do printf 'qdisc fq_codel 0: parent 1:%s limit 10240p\\n' "$i" >> "$S"; done
                     elif [ "$1" = root ]; then printf 'qdisc %s 8001: root refcnt 2\\n' "$2" > "$S"
                     else sed -i "s/^qdisc [^ ]* [0-9a-f]*: parent $2 .*/qdisc $3 800$(printf %s "$2" | tail -c 1): parent $2 x/" "$S"; fi ;;
              esac
            }
            """;

    private String run(String initial, String calls) throws Exception {
        Path state = dir.resolve("state");
        Path log = dir.resolve("log");
        Files.writeString(state, initial);
        Files.writeString(log, "");
        String script = ShellScript.library("nic-knobs") + "S=" + Shell.quote(state.toString()) + "\nL="
                + Shell.quote(log.toString()) + "\n" + STUB + calls + "\necho rc=$?\n";
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out.toString(StandardCharsets.UTF_8) + "--log\n" + Files.readString(log) + "--state\n" + Files.readString(state);
    }

    private static final String KERNEL_MQ = "qdisc mq 0: root \n" + "qdisc fq_codel 0: parent :1 limit 10240p\n"
            + "qdisc fq_codel 0: parent :2 limit 10240p\nqdisc fq_codel 0: parent :3 limit 10240p\n"
            + "qdisc fq_codel 0: parent :4 limit 10240p\n";

    @Test
    void mqGetsOurHandleAndTheChildOnEveryClassThenASecondRunChangesNothing() throws Exception {
        String first = run(KERNEL_MQ, "netune_qdisc_set eth9 mq fq");
        assertEquals("rc=0\n--log\nreplace root handle 1: mq\nreplace parent 1:1 fq\nreplace parent 1:2 fq\n"
                + "replace parent 1:3 fq\nreplace parent 1:4 fq\n--state\nqdisc mq 1: root \n"
                + "qdisc fq 8001: parent 1:1 x\nqdisc fq 8002: parent 1:2 x\nqdisc fq 8003: parent 1:3 x\n"
                + "qdisc fq 8004: parent 1:4 x\n", first);
        String state = first.substring(first.indexOf("--state\n") + 8);
        assertEquals("rc=0\n--log\n--state\n" + state, run(state, "netune_qdisc_set eth9 mq fq"), "idempotent");
    }

    @Test
    void aClasslessRootIsReplacedOnceAndTheKernelsDefaultComesBackByDel() throws Exception {
        String set = run(KERNEL_MQ, "netune_qdisc_set eth9 fq");
        assertEquals("rc=0\n--log\nreplace root fq\n--state\nqdisc fq 8001: root refcnt 2\n", set);
        assertEquals("rc=0\n--log\n--state\nqdisc fq 8001: root refcnt 2\n",
                run("qdisc fq 8001: root refcnt 2\n", "netune_qdisc_set eth9 fq"));
        assertEquals("rc=0\n--log\ndel\n--state\n" + KERNEL_MQ, run("qdisc fq 8001: root refcnt 2\n", "netune_qdisc_default eth9"));
        assertEquals("rc=0\n--log\n--state\n" + KERNEL_MQ, run(KERNEL_MQ, "netune_qdisc_default eth9"),
                "the kernel's own root is left as it is");
    }
}
