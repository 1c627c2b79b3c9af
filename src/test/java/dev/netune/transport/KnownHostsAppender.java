package dev.netune.transport;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import java.nio.file.Path;
import java.time.Duration;

/** A separate process accepting new host keys into one known_hosts file, for the cross-process lock test. */
public final class KnownHostsAppender {
    private KnownHostsAppender() {
    }

    /** Args: known_hosts file, host name prefix, number of hosts. Exit 0 when every key was accepted. */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        SshOptions options = new SshOptions(Duration.ofSeconds(5), true, file);
        for (int i = 0; i < Integer.parseInt(args[2]); i++) {
            byte[] key = KeyPair.genKeyPair(new JSch(), KeyPair.ED25519).getPublicKeyBlob();
            KnownHostsVerifier v = KnownHostsVerifier.load(java.util.List.of(file), java.util.List.of(), i % 2 == 0,
                    options);
            if (v.check("[" + args[1] + "-" + i + "]:2222", key) != com.jcraft.jsch.HostKeyRepository.OK) {
                System.out.println(args[1] + "-" + i + ": " + v.outcome() + ": " + v.addFailure());
                System.exit(1);
            }
        }
        System.exit(0);
    }
}
