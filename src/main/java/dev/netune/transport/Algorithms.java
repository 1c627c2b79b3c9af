package dev.netune.transport;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;

/**
 * The SSH algorithms netune offers, cheapest secure choice first, and the per-connection
 * availability checks JSch can skip because every Java 17 has them.
 *
 * <p>Key exchange: curve25519-sha256 first (X25519, in the JDK since 11), as OpenSSH before 9.0
 * did; the post-quantum hybrids (mlkem768x25519, sntrup761x25519) are not offered: on Java 17
 * JSch does them only with Bouncy Castle's post-quantum code, which the jar leaves out, and each
 * costs several times an X25519 exchange. Host keys: certificates first (a @cert-authority line
 * verifies only those), then ssh-ed25519; JSch still moves the types known_hosts lists for the
 * host to the front ({@code prefer_known_host_key_types}), so a host known by its ECDSA or RSA key
 * verifies as before. Ciphers: AES-GCM (one pass with AES-NI, no separate MAC), then AES-CTR.
 *
 * <p>JSch tries every algorithm of its {@code Check*} lists on every connection (X25519 and X448
 * key pairs, ed25519/ed448 signers: 3-6 ms of CPU each time). The lists below hold only
 * algorithms every Java 17 runtime has (XDH since 11, EdDSA since 15), so the checks are off.
 *
 * <p>X25519 and Ed25519 run in Bouncy Castle (JSch's {@code com.jcraft.jsch.bc} classes), not in
 * the JDK: Java 17's run 3-7x slower under the launchers' C1-only JIT (an Ed25519 verify 0.65 ms
 * against 0.10 ms), which made them 60-75 % of the controller's CPU per host in a large fleet.
 * JSch reads a user key's signer from its global configuration, so these are set there, once.
 */
final class Algorithms {
    static final String KEX = String.join(",", "curve25519-sha256", "curve25519-sha256@libssh.org",
            "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
            "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512",
            "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256");
    static final String HOST_KEYS = String.join(",", "ssh-ed25519-cert-v01@openssh.com",
            "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com",
            "ecdsa-sha2-nistp521-cert-v01@openssh.com", "rsa-sha2-512-cert-v01@openssh.com",
            "rsa-sha2-256-cert-v01@openssh.com", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256");
    static final String CIPHERS = String.join(",", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com",
            "aes128-ctr", "aes192-ctr", "aes256-ctr");

    static {
        JSch.setConfig("ssh-ed25519", "com.jcraft.jsch.bc.SignatureEd25519");
        JSch.setConfig("xdh", "com.jcraft.jsch.bc.XDH");
        JSch.setConfig("keypairgen.eddsa", "com.jcraft.jsch.bc.KeyPairGenEdDSA");
        JSch.setConfig("keypairgen_fromprivate.eddsa", "com.jcraft.jsch.bc.KeyPairGenEdDSA");
    }

    private Algorithms() {
    }

    /** Sets the preferences on a session before it connects. */
    static void prefer(Session session) {
        session.setConfig("kex", KEX);
        session.setConfig("server_host_key", HOST_KEYS);
        session.setConfig("prefer_known_host_key_types", "yes");
        session.setConfig("cipher.c2s", CIPHERS);
        session.setConfig("cipher.s2c", CIPHERS);
        session.setConfig("CheckKexes", "");
        session.setConfig("CheckSignatures", "");
        session.setConfig("CheckCiphers", "");
    }
}
