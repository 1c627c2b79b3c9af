package dev.netune.text;

/**
 * JSON text written by hand where a short run would otherwise build a Jackson mapper: the first
 * serialisation through Jackson costs about 240 ms of CPU in a fresh C1 JVM (bean introspection,
 * serializer caches), which an apply pays once per run for its snapshots. The output is what
 * Jackson writes with its defaults: no spaces, {@code "} and {@code \} escaped, control characters
 * as {@code \n}, {@code \t}, {@code \r}, {@code \b}, {@code \f} or {@code \}{@code u00XX}
 * (upper-case hex), everything else as it is ({@code JsonTextTest} holds the two to the same bytes).
 */
public final class JsonText {
    private static final java.util.HexFormat HEX = java.util.HexFormat.of().withUpperCase();
    private final StringBuilder sb = new StringBuilder();
    private boolean first = true;

    private JsonText() {
    }

    /** A writer whose text starts with an object's opening brace. */
    public static JsonText object() {
        JsonText j = new JsonText();
        j.sb.append('{');
        return j;
    }

    /** {@code "name":"value"}, or {@code "name":null}. */
    public JsonText field(String name, String value) {
        name(name);
        string(value);
        return this;
    }

    /** {@code "name":["a","b"]}; null items, or null for the list, are written as null. */
    public JsonText field(String name, Iterable<String> values) {
        name(name);
        if (values == null) {
            sb.append("null");
            return this;
        }
        array(values, true);
        return this;
    }

    /** {@code "name":[OBJECT,...]}, each object's own text (from {@link #close}). */
    public JsonText objects(String name, Iterable<String> objects) {
        name(name);
        array(objects, false);
        return this;
    }

    /** The object's text, closed. */
    public String close() {
        return sb.append('}').toString();
    }

    /** {@code [a,b]}: each item as a JSON string, or (objects) as the JSON text it already is. */
    private void array(Iterable<String> items, boolean strings) {
        sb.append('[');
        boolean firstItem = true;
        for (String item : items) {
            if (!firstItem) {
                sb.append(',');
            }
            firstItem = false;
            if (strings) {
                string(item);
            } else {
                sb.append(item);
            }
        }
        sb.append(']');
    }

    private void name(String name) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        string(name);
        sb.append(':');
    }

    private void string(String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX.toHexDigits((byte) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
