package dev.netune.engine;

import java.time.Duration;

/**
 * How an apply treats the host beyond writing values: the confirmed apply (how long a host waits
 * for netune's confirmation before restoring itself, and whether every apply is confirmed rather
 * than only those whose plan can cut the connection), and whether services may be restarted to
 * make a change take effect now (systemd re-exec for DefaultLimitNOFILE).
 */
public record ApplyPolicy(Duration confirmTimeout, boolean confirmAlways, boolean allowServiceRestart) {
    public static final ApplyPolicy DEFAULT = new ApplyPolicy(Duration.ofSeconds(120), false, false);

    /**
     * The apply script's first line when restarts are allowed; fragments of the kinds test it
     * ({@code [ "${NETUNE_ALLOW_SERVICE_RESTART:-}" = 1 ]}), so their interface stays one list of changes.
     */
    static final String ALLOW_RESTART_LINE = "NETUNE_ALLOW_SERVICE_RESTART=1\n";
}
