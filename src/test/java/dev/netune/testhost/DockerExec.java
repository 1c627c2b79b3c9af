package dev.netune.testhost;

import dev.netune.transport.ExecResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;

/** docker exec of argv in a test container, as root, returning whatever happened: the one copy of it. */
final class DockerExec {
    private DockerExec() {
    }

    static ExecResult run(GenericContainer<?> container, String... argv) {
        try {
            Container.ExecResult r = container.execInContainer(StandardCharsets.UTF_8, argv);
            return new ExecResult(r.getExitCode(), r.getStdout(), r.getStderr());
        } catch (IOException e) {
            throw new IllegalStateException("docker exec failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during docker exec", e);
        }
    }
}
