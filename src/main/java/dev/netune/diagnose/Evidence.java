package dev.netune.diagnose;

import java.util.Locale;

/**
 * One counter behind a finding: where it was read, how much it grew over the interval and the
 * rate per second, or (for levels such as ports in use) the value and what it is compared with.
 *
 * @param counter what was read, e.g. {@code ethtool -S eth0 rx_missed_errors}
 * @param delta   growth over the interval (or the level for a level)
 * @param rate    growth per second; NaN for a level
 * @param detail  a readable statement, e.g. "grows 120/s"
 */
public record Evidence(String counter, long delta, double rate, String detail) {

    static Evidence growth(String counter, long delta, double seconds) {
        double rate = delta / seconds;
        return new Evidence(counter, delta, rate, "grows " + rate(rate) + "/s (+" + delta + " in " + secs(seconds) + " s)");
    }

    static Evidence level(String counter, long value, String detail) {
        return new Evidence(counter, value, Double.NaN, detail);
    }

    /** "120", "40.5", "0.1": one decimal below 100. */
    static String rate(double r) {
        return r >= 100 ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%.1f", r);
    }

    static String secs(double s) {
        return String.format(Locale.ROOT, "%.1f", s);
    }

    @Override
    public String toString() {
        return counter + " " + detail;
    }
}
