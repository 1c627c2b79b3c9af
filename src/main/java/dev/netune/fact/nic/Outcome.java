package dev.netune.fact.nic;

import java.util.Optional;

/**
 * The result of reading one fact of a NIC: the parsed value, or why there is none.
 *
 * <p>Drivers differ in what they support ({@code e1000e} has no channels, {@code lo} has no
 * rings), ethtool may be missing, and a remote host may run an ethtool whose text we cannot
 * read; none of these is an error of the whole gather, so each fact carries its own reason.
 */
public sealed interface Outcome<T> permits Outcome.Ok, Outcome.Failed {

    static <T> Outcome<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Outcome<T> failed(String reason) {
        return new Failed<>(reason);
    }

    /** The value when the fact was read, empty otherwise. */
    Optional<T> value();

    /** The reason when the fact could not be read, e.g. {@code netlink error: Operation not supported}. */
    Optional<String> error();

    record Ok<T>(T get) implements Outcome<T> {
        public Ok {
            java.util.Objects.requireNonNull(get, "value");
        }

        @Override
        public Optional<T> value() {
            return Optional.of(get);
        }

        @Override
        public Optional<String> error() {
            return Optional.empty();
        }
    }

    record Failed<T>(String reason) implements Outcome<T> {
        public Failed {
            java.util.Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Optional<T> value() {
            return Optional.empty();
        }

        @Override
        public Optional<String> error() {
            return Optional.of(reason);
        }
    }
}
