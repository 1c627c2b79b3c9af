package dev.netune.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and git commit this netune was built from, as Maven wrote them into
 * {@code build.properties}; "unknown" where the build had no git checkout (a source archive).
 */
public record BuildInfo(String version, String commit) {
    private static final BuildInfo CURRENT = load();

    public static BuildInfo current() {
        return CURRENT;
    }

    /** {@code netune 0.1.0 (commit abc1234)}, the line of {@code --version}. */
    public String line() {
        return "netune " + version + " (commit " + commit + ")";
    }

    /** Adds {@code netuneVersion} and {@code netuneCommit} to a JSON report, next to its schemaVersion. */
    public void addTo(ObjectNode report) {
        report.put("netuneVersion", version);
        report.put("netuneCommit", commit);
    }

    private static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // a jar whose resource cannot be read still runs; its version is then unknown
        }
        return new BuildInfo(filled(p.getProperty("version")), filled(p.getProperty("commit")));
    }

    /** A value Maven did not fill in (no git, or run unfiltered from an IDE) is "unknown", never "${...}". */
    static String filled(String value) {
        return value == null || value.isBlank() || value.contains("${") ? "unknown" : value.strip();
    }
}
