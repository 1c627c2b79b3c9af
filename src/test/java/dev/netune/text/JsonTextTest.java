package dev.netune.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JsonText writes what Jackson writes with its defaults, byte for byte, and Jackson reads it back. */
class JsonTextTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    /** Every character below 0x80 and some beyond, quotes and backslashes among them, plus null. */
    private static List<String> hostileStrings() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            all.append(c);
        }
        return Arrays.asList(all.toString(), "", null, "it's \"quoted\" \\ $(id) `x`", "ünïcödé ✓ 日本 \ud83d\ude00",
                "\u2028\u2029 line separators", "tab\there\nnew line\r\n", "/slash/ </script>");
    }

    @Test
    void writesWhatJacksonWrites() throws Exception {
        for (String s : hostileStrings()) {
            Map<String, Object> inner = new LinkedHashMap<>();
            inner.put("a", s);
            inner.put("list", Arrays.asList(s, "x", null));
            inner.put("none", null);
            Map<String, Object> outer = new LinkedHashMap<>();
            outer.put("k\"ey\n", s);
            outer.put("objects", List.of(inner, inner));
            String mine = JsonText.object().field("k\"ey\n", s).objects("objects", List.of(
                    JsonText.object().field("a", s).field("list", Arrays.asList(s, "x", null)).field("none", (String) null)
                            .close(),
                    JsonText.object().field("a", s).field("list", Arrays.asList(s, "x", null))
                            .field("none", (Iterable<String>) null).close())).close();
            assertEquals(JACKSON.writeValueAsString(outer), mine, String.valueOf(s));
            assertEquals(outer, JACKSON.readValue(mine, Map.class));
        }
    }

    @Test
    void emptyObjectsAndLists() throws Exception {
        assertEquals("{}", JsonText.object().close());
        assertEquals("{\"a\":[],\"b\":[]}", JsonText.object().field("a", new ArrayList<String>()).objects("b", List.of()).close());
    }
}
