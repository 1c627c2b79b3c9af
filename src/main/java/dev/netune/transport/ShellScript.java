package dev.netune.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The one builder of remote script text: shell function libraries kept as resources
 * ({@code src/main/resources/dev/netune/sh/NAME.sh}, plain POSIX sh that shellcheck can read),
 * and calls of their functions whose every argument is quoted by {@link Shell#quote}. Values
 * reach a script only as such arguments, never spliced into its text.
 */
public final class ShellScript {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");
    private static final Pattern FUNCTION = Pattern.compile("[a-z_][a-z0-9_]*");
    /** Libraries are small; anything larger is not one of ours. */
    private static final int MAX_LIBRARY = 64 * 1024;
    private static final Map<String, String> LIBRARIES = new ConcurrentHashMap<>();

    private ShellScript() {
    }

    /** The text of library {@code name} (its functions' definitions), read once. */
    public static String library(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a library name: " + name);
        }
        return LIBRARIES.computeIfAbsent(name, ShellScript::read);
    }

    /** One line: {@code function 'arg1' 'arg2' ...}. */
    public static String call(String function, String... args) {
        return call(function, List.of(args));
    }

    public static String call(String function, List<String> args) {
        if (!FUNCTION.matcher(function).matches()) {
            throw new IllegalArgumentException("not a function name: " + function);
        }
        StringBuilder sb = new StringBuilder(function);
        for (String a : args) {
            sb.append(' ').append(Shell.quote(a));
        }
        return sb.append('\n').toString();
    }

    private static String read(String name) {
        String path = "/dev/netune/sh/" + name + ".sh";
        try (InputStream in = ShellScript.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no shell library " + path + " on the classpath");
            }
            byte[] bytes = in.readNBytes(MAX_LIBRARY + 1);
            if (bytes.length > MAX_LIBRARY) {
                throw new IllegalStateException(path + " is over " + MAX_LIBRARY + " bytes");
            }
            return withoutLeadingComments(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** The header comment (shellcheck directives, what the file is) stays in the repository, not in every script. */
    private static String withoutLeadingComments(String text) {
        int i = 0;
        while (i < text.length() && text.charAt(i) == '#') {
            int nl = text.indexOf('\n', i);
            i = nl < 0 ? text.length() : nl + 1;
        }
        return text.substring(i);
    }
}
