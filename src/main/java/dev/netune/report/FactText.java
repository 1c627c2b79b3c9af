package dev.netune.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netune.fact.TextFact;
import java.util.Iterator;
import java.util.Map;

/** Renders any fact record as indented "key: value" lines, through its JSON tree. */
final class FactText {
    private FactText() {
    }

    static String render(Object fact) {
        if (fact instanceof TextFact t) {
            return t.toText();
        }
        StringBuilder sb = new StringBuilder();
        write(Json.MAPPER.valueToTree(fact), 0, sb);
        return sb.toString();
    }

    private static void write(JsonNode node, int indent, StringBuilder sb) {
        String pad = "  ".repeat(indent);
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isNull() || (v.isContainerNode() && v.isEmpty())) {
                    continue;
                }
                if (v.isValueNode() && !v.asText().contains("\n")) {
                    sb.append(pad).append(e.getKey()).append(": ").append(v.asText()).append('\n');
                } else if (v.isValueNode()) {
                    sb.append(pad).append(e.getKey()).append(":\n");
                    for (String line : v.asText().split("\n")) {
                        sb.append(pad).append("  | ").append(line).append('\n');
                    }
                } else {
                    sb.append(pad).append(e.getKey()).append(":\n");
                    write(v, indent + 1, sb);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode v : node) {
                if (v.isValueNode()) {
                    sb.append(pad).append("- ").append(v.asText()).append('\n');
                } else {
                    sb.append(pad).append("-\n");
                    write(v, indent + 1, sb);
                }
            }
        } else {
            sb.append(pad).append(node.asText()).append('\n');
        }
    }
}
