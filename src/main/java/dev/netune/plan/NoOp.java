package dev.netune.plan;

/** A setting that needs nothing, with the reason ("net.core.somaxconn is already 8192"). */
public record NoOp(ChangeKind kind, String target, String reason) {
}
