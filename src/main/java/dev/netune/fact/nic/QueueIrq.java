package dev.netune.fact.nic;

/** The interrupt of one NIC queue, as named by its driver in {@code /proc/interrupts}. */
public record QueueIrq(int irq, Kind kind, int queue, String name) {

    /** Which direction the vector serves; most multiqueue drivers pair RX and TX per vector. */
    public enum Kind {
        RX, TX, COMBINED
    }

    /** Why a driver's queues have no IRQ to steer (hv_netvsc), or empty for drivers that have them. */
    public static java.util.Optional<String> unsteerable(String driver) {
        return java.util.Optional.ofNullable(QueueIrqNaming.UNSTEERABLE.get(driver));
    }
}
