package dev.netune.fact;

import dev.netune.transport.ShellScript;
import java.util.List;

/** Who and what the target is: hostname, kernel, and the uid the scripts run as. */
public record HostInfo(String hostname, String kernel, int uid) implements TextFact {

    @Override
    public String toText() {
        return "hostname " + hostname + ", kernel " + kernel + ", scripts run as uid " + uid;
    }

    /** Reads hostname, kernel release and uid. */
    public static final FactSource<HostInfo> SOURCE = new FactSource<>() {
        @Override
        public String id() {
            return "host";
        }

        @Override
        public String script() {
            return ShellScript.library("read-line") + ShellScript.library("host") + ShellScript.call("netune_host");
        }

        @Override
        public HostInfo parse(List<Section> sections) {
            String hostname = "";
            String kernel = "";
            int uid = -1;
            for (Section s : sections) {
                if (!s.kind().equals("host")) {
                    continue;
                }
                for (String line : s.body().split("\n")) {
                    int eq = line.indexOf('=');
                    if (eq < 0) {
                        continue;
                    }
                    String v = line.substring(eq + 1).trim();
                    switch (line.substring(0, eq)) {
                        case "hostname" -> hostname = v;
                        case "kernel" -> kernel = v;
                        case "uid" -> uid = parseUid(v);
                        default -> { }
                    }
                }
            }
            return new HostInfo(hostname, kernel, uid);
        }
    };

    private static int parseUid(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
