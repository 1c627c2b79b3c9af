package dev.netune.fact.nic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings in {@code ethtool --json -c IFACE}, under their {@code ethtool -C} names.
 *
 * <p>ethtool prints a key only when the driver reports it (the netlink reply carries just the
 * supported attributes), so a key that is absent is one the driver does not support. The first
 * JSON releases named the adaptive pair {@code rx}/{@code tx} and the CQE-mode pair {@code rx}/{@code tx}
 * again (fixed later to {@code adaptive-rx} and {@code cqe-mode-rx}); keys are read in order so the
 * first pair is adaptive and the second CQE mode. Nested values (the rx/tx profile tables) are kept
 * as a marker only. Booleans become {@code on}/{@code off}, as the text output prints them.
 */
final class CoalesceJson {
    private static final JsonFactory JSON = new JsonFactory();


    private CoalesceJson() {
    }

    static boolean looksLikeJson(String text) {
        return text.stripLeading().startsWith("[");
    }

    /** The settings of the one device in the array; throws for none or several devices. */
    static Map<String, String> parse(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("ethtool --json -c: not an array");
            }
            Map<String, String> out = null;
            int devices = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("ethtool --json -c: not an object per device");
                }
                devices++;
                out = device(p);
            }
            if (devices != 1) {
                throw new IllegalArgumentException("ethtool --json -c holds " + devices + " devices; one expected");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("ethtool --json -c: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> device(JsonParser p) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        int bareRx = 0;
        int bareTx = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            String key = switch (name) {
                case "rx" -> bareRx++ == 0 ? "adaptive-rx" : "cqe-mode-rx";
                case "tx" -> bareTx++ == 0 ? "adaptive-tx" : "cqe-mode-tx";
                default -> CoalesceInfo.PRINTED_TO_SET.getOrDefault(name, name);
            };
            if (key.equals("ifname")) {
                continue;
            }
            if (v == JsonToken.START_ARRAY || v == JsonToken.START_OBJECT) {
                p.skipChildren(); // the rx/tx profile tables: planning never sets them
                out.put(key, v == JsonToken.START_ARRAY ? "[table]" : "{table}");
            } else if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
                out.put(key, v == JsonToken.VALUE_TRUE ? "on" : "off");
            } else {
                out.put(key, p.getText());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no settings in ethtool --json -c output");
        }
        return out;
    }
}
