package dev.netune.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.netune.inventory.Host;
import dev.netune.inventory.JumpHost;
import dev.netune.report.SafeText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What netune resolved for each host, in one shape whatever the inventory's format: JSON (for
 * tools and the differential tests against {@code ssh -G} and {@code ansible-inventory}) or a
 * table for people.
 */
final class InventoryView {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private InventoryView() {
    }

    static String json(List<Host> hosts) {
        Map<String, Object> byName = new LinkedHashMap<>();
        hosts.forEach(h -> byName.put(h.name(), host(h)));
        try {
            return MAPPER.writeValueAsString(Map.of("hosts", byName)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> host(Host h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", h.address());
        m.put("port", h.port());
        m.put("user", h.user());
        m.put("identityFiles", strings(h.ssh().identityFiles()));
        m.put("identitiesOnly", h.ssh().identitiesOnly());
        m.put("identityAgent", h.ssh().identityAgent());
        m.put("proxyJump", h.jumps().stream().map(InventoryView::jump).toList());
        m.put("proxyCommand", h.ssh().proxyCommand());
        m.put("knownHostsFiles", strings(h.ssh().knownHostsFiles()));
        m.put("globalKnownHostsFiles", strings(h.ssh().globalKnownHostsFiles()));
        m.put("connectTimeout", h.ssh().connectTimeout());
        m.put("become", h.become());
        m.put("groups", h.groups());
        m.put("profiles", strings(h.profiles()));
        m.put("vars", new TreeMap<>(h.vars()));
        return m;
    }

    /** "user@address:port", what the hop resolved to. */
    private static String jump(JumpHost j) {
        String address = j.address().contains(":") ? "[" + j.address() + "]" : j.address();
        return j.user() + "@" + address + ":" + j.port();
    }

    private static List<String> strings(List<Path> paths) {
        return paths.stream().map(Path::toString).toList();
    }

    /** One line per host: name, user@address:port, jumps, groups, profiles. */
    static String text(List<Host> hosts) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"HOST", "CONNECT", "VIA", "GROUPS", "PROFILES"});
        for (Host h : hosts) {
            String via = h.ssh().proxyCommand() != null ? "ProxyCommand"
                    : String.join(",", h.jumps().stream().map(InventoryView::jump).toList());
            rows.add(new String[] {h.name(), h.user() + "@" + h.address() + ":" + h.port() + (h.become() ? " (sudo)" : ""),
                    via.isEmpty() ? "-" : via, h.groups().isEmpty() ? "-" : String.join(",", h.groups()),
                    h.profiles().isEmpty() ? "-" : String.join(",", h.profiles().stream()
                            .map(p -> p.getFileName().toString()).toList())});
        }
        int[] width = new int[5];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        });
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
            }
            sb.append(SafeText.of(line.toString().stripTrailing())).append('\n');
        }
        return sb.toString();
    }
}
