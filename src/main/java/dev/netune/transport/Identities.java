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

/**
 * The keys offered to a server (public key only), a description of them for the AUTH message, and
 * whether ssh-agent's keys are among them.
 */
record Identities(IdentityRepository repository, String offered, boolean agentKeys) {

    /**
     * The identity files first, in order (what the inventory and ssh config ask for; OpenSSH's
     * defaults when neither names one, missing ones skipped), then agent keys — only those of
     * the identity files under IdentitiesOnly. An own repository instead of JSch's global one,
     * because adding a file key to an agent-backed repository would load the key into the
     * user's agent.
     */
    static Identities load(JSch jsch, SshTarget target, String agentSocket)
            throws TransportException {
        List<Identity> fileKeys = new ArrayList<>();
        List<byte[]> fileBlobs = new ArrayList<>();
        List<String> offered = new ArrayList<>();
        List<Path> locked = new ArrayList<>();
        IdentityRepository agent = agent(agentFor(target.login().identityAgent(), agentSocket));
        List<Path> files = !target.login().identityFiles().isEmpty() ? target.login().identityFiles()
                : target.identityFile() == null ? List.of() : List.of(target.identityFile());
        boolean defaults = target.login().defaultIdentities();
        for (Path configured : files) {
            Path file = SshTransport.expandHome(configured);
            if (!Files.isReadable(file)) {
                if (defaults) {
                    continue; // ssh tries the default files that exist
                }
                throw new TransportException(AUTH, "identity file " + file + " for " + target.describe()
                        + " does not exist or is not readable");
            }
            Identity identity;
            try {
                int before = jsch.getIdentityRepository().getIdentities().size();
                jsch.addIdentity(file.toString());
                java.util.Vector<Identity> all = jsch.getIdentityRepository().getIdentities();
                identity = all.size() > before ? all.get(all.size() - 1) : null;
            } catch (JSchException e) {
                if (defaults) {
                    continue;
                }
                throw new TransportException(AUTH, "identity file " + file + " for " + target.describe()
                        + " is not a usable private key: " + e.getMessage(), e);
            }
            if (identity == null) {
                continue;
            }
            byte[] blob = publicBlob(identity, file);
            if (blob != null) {
                fileBlobs.add(blob);
            }
            if (identity.isEncrypted() && !decrypt(identity, file)) {
                if (agent != null) {
                    continue; // the agent may hold it
                }
                if (defaults) {
                    locked.add(file); // ssh in batch mode goes on to the next default key
                    continue;
                }
                // unattended runs never prompt; the agent is the way to use such keys
                throw new TransportException(AUTH, "identity file " + file + " is protected by a passphrase;"
                        + " load it into ssh-agent (ssh-add) so netune can use it");
            }
            fileKeys.add(identity);
            offered.add("identity file " + file);
        }
        if (agent != null && target.login().identitiesOnly()) {
            agent = new OnlyThese(agent, fileBlobs);
        }
        if (agent != null) {
            offered.add(target.login().identitiesOnly() ? "ssh-agent keys of those files" : "ssh-agent keys");
        }
        if (offered.isEmpty() && !locked.isEmpty()) {
            throw new TransportException(AUTH, "identity file " + locked.get(0) + " is protected by a passphrase;"
                    + " load it into ssh-agent (ssh-add) so netune can use it");
        }
        if (offered.isEmpty()) {
            throw new TransportException(AUTH, "no key to log in to " + target.describe()
                    + ": no identity file (" + (defaults ? "none of OpenSSH's default keys exists" : "none set")
                    + ") and no ssh-agent (SSH_AUTH_SOCK)");
        }
        return new Identities(new Combined(fileKeys, agent), String.join(" and ", offered), agent != null);
    }

    /** The agent socket IdentityAgent names: none, SSH_AUTH_SOCK (the default), or a path. */
    private static String agentFor(String identityAgent, String agentSocket) {
        if (identityAgent == null || identityAgent.equals("SSH_AUTH_SOCK")) {
            return agentSocket;
        }
        return identityAgent.equals("none") ? null : SshTransport.expandHome(Path.of(identityAgent)).toString();
    }

    /** Decrypts with a passphrase asked on the terminal, when netune runs interactively. */
    private static boolean decrypt(Identity identity, Path file) {
        for (int attempt = 0; attempt < 3 && Passphrases.interactive(); attempt++) {
            byte[] passphrase = Passphrases.of(file);
            if (passphrase == null) {
                return false;
            }
            try {
                if (identity.setPassphrase(passphrase)) {
                    return true;
                }
            } catch (JSchException e) {
                // wrong passphrase: asked again
            } finally {
                java.util.Arrays.fill(passphrase, (byte) 0);
            }
            Passphrases.wrong(file);
        }
        return false;
    }

    /** The key's public blob, from the identity or (encrypted keys) its .pub file; null if unknown. */
    private static byte[] publicBlob(Identity identity, Path file) {
        byte[] blob = identity.getPublicKeyBlob();
        if (blob != null) {
            return blob;
        }
        try {
            String[] f = Files.readString(Path.of(file + ".pub")).strip().split("\\s+");
            return f.length >= 2 ? java.util.Base64.getDecoder().decode(f[1]) : null;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A repository netune only reads: it never adds keys to, or removes them from, an agent. */
    private interface ReadOnly extends IdentityRepository {
        @Override
        default boolean add(byte[] identity) {
            return false;
        }

        @Override
        default boolean remove(byte[] blob) {
            return false;
        }

        @Override
        default void removeAll() {
        }
    }

    /** The agent's keys restricted to the given public keys (IdentitiesOnly). */
    private record OnlyThese(IdentityRepository agent, List<byte[]> blobs) implements ReadOnly {
        @Override
        public String getName() {
            return agent.getName();
        }

        @Override
        public int getStatus() {
            return agent.getStatus();
        }

        @Override
        public Vector<Identity> getIdentities() {
            Vector<Identity> out = new Vector<>();
            for (Identity i : agent.getIdentities()) {
                if (blobs.stream().anyMatch(b -> java.util.Arrays.equals(b, i.getPublicKeyBlob()))) {
                    out.add(i);
                }
            }
            return out;
        }

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
    private record Combined(List<Identity> fileKeys, IdentityRepository agent) implements ReadOnly {
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

    }
}
