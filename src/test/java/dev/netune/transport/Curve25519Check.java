package dev.netune.transport;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs the X25519 and Ed25519 classes JSch is configured with ({@link Algorithms}) on known
 * answers and against the JDK's own: RFC 8032's first Ed25519 test vector, a tampered signature,
 * a signature each way between Bouncy Castle and the JDK, and an X25519 agreement between the two.
 * A {@code main} as well, so that {@code ShadedJarCryptoIT} runs it in a fresh JVM on the shaded
 * jar alone: the jar's filter keeps only part of Bouncy Castle, and a class it left out would
 * fail here, not in the middle of a user's fleet.
 */
public final class Curve25519Check {
    private static final HexFormat HEX = HexFormat.of();
    // RFC 8032, section 7.1, TEST 1 (empty message)
    static final byte[] SECRET = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    static final byte[] PUBLIC = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    static final byte[] SIGNATURE = HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

    private Curve25519Check() {
    }

    /** What failed, one line each; empty when everything held. */
    public static List<String> failures() throws Exception {
        Algorithms.prefer(new com.jcraft.jsch.JSch().getSession("check", "127.0.0.1", 22)); // its configuration
        List<String> failed = new ArrayList<>();
        for (String[] c : new String[][] {{"ssh-ed25519", "com.jcraft.jsch.bc.SignatureEd25519"},
                {"xdh", "com.jcraft.jsch.bc.XDH"}, {"keypairgen.eddsa", "com.jcraft.jsch.bc.KeyPairGenEdDSA"}}) {
            if (!c[1].equals(com.jcraft.jsch.JSch.getConfig(c[0]))) {
                failed.add(c[0] + " is " + com.jcraft.jsch.JSch.getConfig(c[0]) + ", not " + c[1]);
            }
        }
        com.jcraft.jsch.SignatureEdDSA sig = signer();
        sig.setPrvKey(SECRET);
        sig.update(new byte[0]);
        byte[] signed = sig.sign();
        if (!Arrays.equals(SIGNATURE, signed)) {
            failed.add("RFC 8032 test 1: signed " + HEX.formatHex(signed));
        }
        if (!verifies(PUBLIC, new byte[0], SIGNATURE)) {
            failed.add("RFC 8032 test 1: its signature does not verify");
        }
        byte[] tampered = SIGNATURE.clone();
        tampered[5] ^= 1;
        if (verifies(PUBLIC, new byte[0], tampered)) {
            failed.add("a tampered signature verifies");
        }
        // Bouncy Castle signs, the JDK verifies, and the other way round
        byte[] message = "netune".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        com.jcraft.jsch.KeyPairGenEdDSA gen = (com.jcraft.jsch.KeyPairGenEdDSA) Class
                .forName(com.jcraft.jsch.JSch.getConfig("keypairgen.eddsa")).getDeclaredConstructor().newInstance();
        gen.init("Ed25519", 32);
        sig = signer();
        sig.setPrvKey(gen.getPrv());
        sig.update(message);
        byte[] bcSigned = sig.sign();
        java.security.Signature jdk = java.security.Signature.getInstance("Ed25519", "SunEC");
        jdk.initVerify(jdkPublicKey(gen.getPub()));
        jdk.update(message);
        if (!jdk.verify(bcSigned)) {
            failed.add("the JDK does not verify Bouncy Castle's signature");
        }
        java.security.KeyPair jdkPair = java.security.KeyPairGenerator.getInstance("Ed25519", "SunEC").generateKeyPair();
        jdk.initSign(jdkPair.getPrivate());
        jdk.update(message);
        byte[] jdkSigned = jdk.sign();
        byte[] encoded = jdkPair.getPublic().getEncoded(); // X.509: the raw key is the last 32 bytes
        if (!verifies(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length), message, jdkSigned)) {
            failed.add("Bouncy Castle does not verify the JDK's signature");
        }
        // X25519: Bouncy Castle and the JDK (JSch's jce class) agree on one secret
        com.jcraft.jsch.XDH bc = xdh(com.jcraft.jsch.JSch.getConfig("xdh"));
        com.jcraft.jsch.XDH jce = xdh("com.jcraft.jsch.jce.XDH");
        byte[] s1 = bc.getSecret(jce.getQ());
        byte[] s2 = jce.getSecret(bc.getQ());
        if (!Arrays.equals(s1, s2) || !bc.validate(jce.getQ())) {
            failed.add("X25519: Bouncy Castle and the JDK disagree");
        }
        return failed;
    }

    private static com.jcraft.jsch.SignatureEdDSA signer() throws Exception {
        com.jcraft.jsch.SignatureEdDSA s = (com.jcraft.jsch.SignatureEdDSA) Class
                .forName(com.jcraft.jsch.JSch.getConfig("ssh-ed25519")).getDeclaredConstructor().newInstance();
        s.init();
        return s;
    }

    private static boolean verifies(byte[] publicKey, byte[] message, byte[] signature) throws Exception {
        com.jcraft.jsch.SignatureEdDSA s = signer();
        s.setPubKey(publicKey);
        s.update(message);
        return s.verify(wire(signature));
    }

    /** A signature as SSH sends it (RFC 8709): string "ssh-ed25519", string the 64 bytes. */
    private static byte[] wire(byte[] signature) {
        byte[] name = "ssh-ed25519".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return java.nio.ByteBuffer.allocate(8 + name.length + signature.length).putInt(name.length).put(name)
                .putInt(signature.length).put(signature).array();
    }

    private static com.jcraft.jsch.XDH xdh(String className) throws Exception {
        com.jcraft.jsch.XDH x = (com.jcraft.jsch.XDH) Class.forName(className).getDeclaredConstructor().newInstance();
        x.init("X25519", 32);
        return x;
    }

    /** RFC 8032's encoding (little-endian y, x's parity in the top bit) as a JDK key. */
    private static PublicKey jdkPublicKey(byte[] raw) throws Exception {
        byte[] le = raw.clone();
        boolean xOdd = (le[31] & 0x80) != 0;
        le[31] &= 0x7f;
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = le[31 - i];
        }
        return KeyFactory.getInstance("Ed25519", "SunEC").generatePublic(
                new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, be))));
    }

    /** Prints what failed and where JSch's classes and Bouncy Castle's were loaded from. */
    public static void main(String[] args) throws Exception {
        List<String> failed = failures();
        for (String name : List.of("com.jcraft.jsch.bc.SignatureEd25519", "org.bouncycastle.math.ec.rfc8032.Ed25519",
                "org.bouncycastle.math.ec.rfc7748.X25519")) {
            System.out.println("from " + Class.forName(name).getProtectionDomain().getCodeSource().getLocation().getPath()
                    + " " + name);
        }
        failed.forEach(f -> System.out.println("FAILED " + f));
        System.out.println(failed.isEmpty() ? "ok" : "failed");
        System.exit(failed.isEmpty() ? 0 : 1);
    }
}
