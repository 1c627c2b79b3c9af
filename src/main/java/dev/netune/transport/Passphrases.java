package dev.netune.transport;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Passphrases of encrypted private keys, asked once per key file when netune runs interactively
 * (an {@code apply} on a terminal installs a prompt); unattended runs have none, and such keys
 * must be in ssh-agent. Prompts are one at a time: forks connect in parallel.
 */
public final class Passphrases {
    private static Function<Path, char[]> prompt;
    private static final Map<Path, byte[]> KNOWN = new HashMap<>();

    private Passphrases() {
    }

    /** Installs the prompt (null: none, unattended); forgets passphrases given before. */
    public static synchronized void install(Function<Path, char[]> newPrompt) {
        prompt = newPrompt;
        KNOWN.values().forEach(b -> java.util.Arrays.fill(b, (byte) 0));
        KNOWN.clear();
    }

    static synchronized boolean interactive() {
        return prompt != null;
    }

    /** The passphrase of {@code key}, asked at most once per run; null without a prompt or when none was given. */
    static synchronized byte[] of(Path key) {
        if (prompt == null) {
            return null;
        }
        byte[] known = KNOWN.get(key);
        if (known != null) {
            return known.clone();
        }
        char[] typed = prompt.apply(key);
        if (typed == null) {
            return null;
        }
        byte[] bytes = new String(typed).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.Arrays.fill(typed, '\0');
        KNOWN.put(key, bytes);
        return bytes.clone();
    }

    /** A passphrase that did not decrypt the key is not offered again. */
    static synchronized void wrong(Path key) {
        byte[] b = KNOWN.remove(key);
        if (b != null) {
            java.util.Arrays.fill(b, (byte) 0);
        }
    }
}
