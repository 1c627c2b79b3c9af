package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.testhost.InstallHost;
import dev.netune.transport.Curve25519Check;
import dev.netune.transport.ExecResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar keeps only part of Bouncy Castle (the pom's filter). {@link Curve25519Check} run
 * in a fresh JVM with nothing but that jar and the test classes on its class path: Ed25519 signs
 * and verifies RFC 8032's vector and the JDK's keys, X25519 agrees with the JDK, and both come
 * from the jar. A class the filter left out fails here (NoClassDefFoundError), not on a user's
 * first handshake. The real handshakes with the shipped jar run in DistributionIT.
 */
class ShadedJarCryptoIT {
    @Test
    void curve25519RunsFromTheShadedJar() throws Exception {
        Path jar = InstallHost.buildDir().resolve("netune.jar");
        Path testClasses = Path.of(Curve25519Check.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ExecResult r = InstallHost.host(List.of("timeout", "120", java, "-XX:TieredStopAtLevel=1", "-cp",
                jar + ":" + testClasses, Curve25519Check.class.getName()));
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stdout().endsWith("ok\n"), r.stdout());
        for (String name : List.of("com.jcraft.jsch.bc.SignatureEd25519", "org.bouncycastle.math.ec.rfc8032.Ed25519",
                "org.bouncycastle.math.ec.rfc7748.X25519")) {
            assertTrue(r.stdout().contains("from " + jar + " " + name + "\n"), r.stdout());
        }
    }
}
