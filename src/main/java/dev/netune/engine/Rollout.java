package dev.netune.engine;

/**
 * How apply goes through the fleet: all at once, or in batches ({@code --serial 5} or
 * {@code --serial 10%}), stopping when a batch fails more than {@code maxFailPercent}.
 */
public record Rollout(int batchHosts, int batchPercent, int maxFailPercent) {
    public static final Rollout ALL_AT_ONCE = new Rollout(0, 100, 100);

    // equals and hashCode written out: every apply compares its rollout (STYLE.md, "Start-up")
    @Override
    public boolean equals(Object o) {
        return o instanceof Rollout r && batchHosts == r.batchHosts && batchPercent == r.batchPercent
                && maxFailPercent == r.maxFailPercent;
    }

    @Override
    public int hashCode() {
        return (batchHosts * 31 + batchPercent) * 31 + maxFailPercent;
    }

    public Rollout {
        if (batchHosts < 0 || batchPercent < 1 || batchPercent > 100 || maxFailPercent < 0 || maxFailPercent > 100) {
            throw new IllegalArgumentException("bad rollout");
        }
    }

    /** "5" or "10%"; empty for all at once. */
    public static Rollout parse(String serial, int maxFailPercent) {
        if (serial == null || serial.isBlank()) {
            return new Rollout(0, 100, maxFailPercent);
        }
        String s = serial.strip();
        if (s.endsWith("%")) {
            return new Rollout(0, Integer.parseInt(s.substring(0, s.length() - 1)), maxFailPercent);
        }
        return new Rollout(Integer.parseInt(s), 100, maxFailPercent);
    }

    /** Hosts per batch out of {@code hosts} to change (at least one). */
    int batchSize(int hosts) {
        int n = batchHosts > 0 ? batchHosts : (int) Math.ceil(hosts * batchPercent / 100.0);
        return Math.max(1, Math.min(n, Math.max(hosts, 1)));
    }

    /** Whether a batch with {@code failed} of {@code size} hosts failing stops the rollout. */
    boolean stops(int failed, int size) {
        return failed * 100 > maxFailPercent * size;
    }
}
