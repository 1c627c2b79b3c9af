package dev.netune.transport;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.Identity;
import com.jcraft.jsch.IdentityRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SSHAgentConnector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;

import static dev.netune.transport.TransportException.Kind.AUTH;

/** The keys offered to a server (public key only), and a description of them for the AUTH message. */
record Identities(IdentityRepository repository, String offered) {

    /**
     * The identity file first (it is what the inventory asked for), then agent keys. An own
     * repository instead of JSch's global one, because adding a file key to an agent-backed
     * repository would load the key into the user's agent.
     */
    static Identities load(JSch jsch, SshTarget target, String agentSocket)
            throws TransportException {
        List<Identity> fileKeys = new ArrayList<>();
        List<String> offered = new ArrayList<>();
        IdentityRepository agent = agent(agentSocket);
        if (target.identityFile() != null) {
            Path file = SshTransport.expandHome(target.identityFile());
            if (!Files.isReadable(file)) {
                throw new TransportException(AUTH, "identity file " + file + " for " + target.describe()
                        + " does not exist or is not readable");
            }
            try {
                jsch.addIdentity(file.toString());
            } catch (JSchException e) {
                throw new TransportException(AUTH, "identity file " + file + " for " + target.describe()
                        + " is not a usable private key: " + e.getMessage(), e);
            }
            for (Identity identity : jsch.getIdentityRepository().getIdentities()) {
                if (!identity.isEncrypted()) {
                    fileKeys.add(identity);
                } else if (agent == null) {
                    // netune runs unattended and never prompts; the agent is the way to use such keys.
                    throw new TransportException(AUTH, "identity file " + file + " is protected by a passphrase;"
                            + " load it into ssh-agent (ssh-add) so netune can use it");
                }
            }
            offered.add("identity file " + file);
        }
        if (agent != null) {
            offered.add("ssh-agent keys");
        }
        if (offered.isEmpty()) {
            throw new TransportException(AUTH, "no key to log in to " + target.describe()
                    + ": set an identity file for the host or start ssh-agent (SSH_AUTH_SOCK)");
        }
        return new Identities(new Combined(fileKeys, agent), String.join(" and ", offered));
    }

    /** ssh-agent at {@code socket} (Java 16+ unix sockets, no extra library), or null. */
    private static IdentityRepository agent(String socket) {
        if (socket == null || socket.isBlank()) {
            return null;
        }
        try {
            return new AgentIdentityRepository(new SSHAgentConnector(Path.of(socket)));
        } catch (AgentProxyException | RuntimeException e) {
            return null; // A stale SSH_AUTH_SOCK is common; the identity file may still work.
        }
    }

    /** Read-only view over the file keys followed by the agent's keys. */
    private record Combined(List<Identity> fileKeys, IdentityRepository agent) implements IdentityRepository {
        @Override
        public String getName() {
            return "netune";
        }

        @Override
        public int getStatus() {
            return RUNNING;
        }

        @Override
        public Vector<Identity> getIdentities() {
            Vector<Identity> all = new Vector<>(fileKeys);
            if (agent != null) {
                try {
                    all.addAll(agent.getIdentities());
                } catch (RuntimeException e) {
                    // Agent went away between connect attempts: offer what we have.
                }
            }
            return all;
        }

        @Override
        public boolean add(byte[] identity) {
            return false;
        }

        @Override
        public boolean remove(byte[] blob) {
            return false;
        }

        @Override
        public void removeAll() {
        }
    }
}
