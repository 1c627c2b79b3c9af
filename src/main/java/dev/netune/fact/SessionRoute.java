package dev.netune.fact;

import dev.netune.transport.ShellScript;
import java.util.List;
import java.util.Optional;

/**
 * The network path of the SSH session netune is using: the client address sshd reports in
 * {@code SSH_CONNECTION} and the interface the host routes replies to it through. A change that
 * resets or resizes that interface (MTU, channels, rings) can cut netune off from the host.
 *
 * <p>{@code client} is empty when the scripts do not run under SSH (a local run); {@code device}
 * is empty when the route lookup gave nothing usable.
 */
public record SessionRoute(Optional<String> client, Optional<String> device) implements TextFact {
    public static final SessionRoute LOCAL = new SessionRoute(Optional.empty(), Optional.empty());

    /** Whether the scripts ran over SSH. */
    public boolean overSsh() {
        return client.isPresent();
    }

    /**
     * Whether a change to {@code nic} may carry this session: the NIC the route names, or any
     * NIC when the session is over SSH and its route is unknown (safer to assume it does).
     */
    public boolean mayCarry(String nic) {
        return overSsh() && device.map(nic::equals).orElse(true);
    }

    @Override
    public String toText() {
        if (client.isEmpty()) {
            return "not an SSH session";
        }
        return "SSH client " + client.get() + " via " + device.orElse("an unknown interface");
    }

    /**
     * The SSH transport exports {@code SSH_CONNECTION} to the script even under sudo (which resets
     * the environment). Only the first word (the client address) is used, and only as an argument.
     */
    public static final FactSource<SessionRoute> SOURCE = new FactSource<>() {
        @Override
        public String id() {
            return "session";
        }

        @Override
        public String script() {
            return ShellScript.library("host") + ShellScript.call("netune_session");
        }

        @Override
        public SessionRoute parse(List<Section> sections) {
            return SessionRoute.parse(sections);
        }
    };

    static SessionRoute parse(List<Section> sections) {
        Optional<String> client = Optional.empty();
        Optional<String> device = Optional.empty();
        for (Section s : sections) {
            if (!s.kind().equals("session")) {
                continue;
            }
            for (String line : s.body().split("\n")) {
                if (line.startsWith("client=") && line.length() > "client=".length()) {
                    client = Optional.of(line.substring("client=".length()).strip());
                } else if (line.startsWith("device=") && line.length() > "device=".length()) {
                    device = Optional.of(line.substring("device=".length()).strip());
                }
            }
        }
        return new SessionRoute(client, device);
    }
}
