package dev.netune.fact.nic;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads a real captured output from {@code src/test/resources/captures/}. */
final class Captures {
    private Captures() {
    }

    static String driver(String driver, String file) {
        return read("/captures/drivers/" + driver + "/" + file);
    }

    static String read(String resource) {
        try (InputStream in = Captures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing capture " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
