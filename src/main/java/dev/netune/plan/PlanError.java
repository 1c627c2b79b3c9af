package dev.netune.plan;

/** A desired setting that cannot be planned on this host (missing sysctl, above a maximum ...). */
public record PlanError(ChangeKind kind, String target, String message) {
}
