package dev.netune.inventory;

import java.util.Map;

/**
 * OpenSSH's {@code %} tokens and {@code ~} in ssh_config values, as ssh expands them when it uses
 * the value: {@code %%}, {@code %d} home, {@code %h} the host to connect to (after HostName),
 * {@code %n} the name as given, {@code %p} port, {@code %r} remote user, {@code %u} local user,
 * {@code %l}/{@code %L} local host name (long/short), {@code %k} the host key alias (the host),
 * {@code %i} uid, {@code %j} the ProxyJump. An unknown token is an error, as in ssh.
 */
final class SshTokens {
    /** Looked up once a run, as the host name is: every host's settings expand their tokens. */
    private static final String UID = readUid();

    private SshTokens() {
    }

    /** The values of the tokens for one connection. */
    static Map<Character, String> of(String host, String originalHost, int port, String remoteUser, String jump) {
        String local = LocalHostName.get();
        int dot = local.indexOf('.');
        return Map.ofEntries(Map.entry('d', home()), Map.entry('h', host), Map.entry('n', originalHost),
                Map.entry('p', Integer.toString(port)), Map.entry('r', remoteUser), Map.entry('u', localUser()),
                Map.entry('l', local), Map.entry('L', dot < 0 ? local : local.substring(0, dot)),
                Map.entry('k', host), Map.entry('i', uid()), Map.entry('j', jump == null ? "" : jump));
    }

    /**
     * {@code s} with {@code ~/} and the tokens of {@code values} replaced.
     *
     * @throws IllegalArgumentException without quoting the value (the file may be no ssh config)
     */
    static String expand(String s, Map<Character, String> values) {
        String in = s.equals("~") || s.startsWith("~/") ? home() + s.substring(1) : s;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < in.length(); i++) {
            char c = in.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            if (i + 1 >= in.length()) {
                throw new IllegalArgumentException("a '%' at the end of a value");
            }
            char t = in.charAt(++i);
            if (t == '%') {
                sb.append('%');
            } else if (values.containsKey(t)) {
                sb.append(values.get(t));
            } else {
                throw new IllegalArgumentException("a % token netune does not know or support"
                        + " (it knows %% %d %h %i %j %k %l %L %n %p %r %u)");
            }
        }
        return sb.toString();
    }

    static String home() {
        return System.getProperty("user.home");
    }

    static String localUser() {
        return System.getProperty("user.name");
    }

    private static String uid() {
        return UID;
    }

    private static String readUid() {
        try {
            Object uid = java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid");
            return String.valueOf(uid);
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }
}
