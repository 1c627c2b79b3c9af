package dev.netune.transport;

import com.jcraft.jsch.Proxy;
import com.jcraft.jsch.SocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;

/**
 * OpenSSH's ProxyCommand as a JSch proxy: the command (already expanded, from the user's own ssh
 * config) runs with {@code /bin/sh -c}, as ssh runs it, and the SSH connection goes over its
 * stdin and stdout. Closing the session ends the command and everything it started.
 */
final class ProxyCommand implements Proxy {
    private final String command;
    private Process process;
    /** How the command had ended when the session closed it ("exit 1"), or null if it was still running. */
    private volatile String ended;

    ProxyCommand(String command) {
        this.command = command;
    }

    @Override
    public void connect(SocketFactory socketFactory, String host, int port, int timeout) throws Exception {
        process = new ProcessBuilder(List.of("/bin/sh", "-c", command))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Override
    public InputStream getInputStream() {
        return process.getInputStream();
    }

    @Override
    public OutputStream getOutputStream() {
        return process.getOutputStream();
    }

    @Override
    public Socket getSocket() {
        return null;
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            // its stdout ended a moment before it exits: a short, bounded wait tells a failed proxy apart
            if (process.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS) && ended == null) {
                ended = "exit " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the process is gone either way
        }
    }

    /** How the command ended, for messages: "exit 255", or "running". */
    String state() {
        return process == null ? "not started" : ended != null ? ended : "running";
    }
}
