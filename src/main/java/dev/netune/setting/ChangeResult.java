package dev.netune.setting;

import dev.netune.plan.Change;

/**
 * The outcome of applying one change: whether the host now holds the wanted value, and what it
 * actually holds (drivers and the kernel sometimes round or refuse values).
 */
public record ChangeResult(Change change, boolean ok, String actual, String message) {
}
