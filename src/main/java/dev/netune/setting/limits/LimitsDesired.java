package dev.netune.setting.limits;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The wanted file-descriptor limits of a profile or host: kernel-wide ceilings (fs.file-max,
 * fs.nr_open), the nofile limit of login sessions (limits.d) and systemd's default for services.
 */
public record LimitsDesired(OptionalLong fileMax, OptionalLong nrOpen, Optional<Nofile> nofile,
                            Optional<SystemdNofile> systemd) {

    public static final LimitsDesired EMPTY = new LimitsDesired(OptionalLong.empty(), OptionalLong.empty(),
            Optional.empty(), Optional.empty());

    /** {@code <user> soft|hard nofile N} lines for each of {@code users}, in profile order. */
    public record Nofile(long soft, long hard, List<String> users) {
        public Nofile {
            users = List.copyOf(users);
        }
    }

    /** systemd's {@code DefaultLimitNOFILE=}, written {@code N} when soft equals hard, else {@code soft:hard}. */
    public record SystemdNofile(long soft, long hard) {
        public String value() {
            return soft == hard ? Long.toString(hard) : soft + ":" + hard;
        }
    }

    /** This state with {@code later}'s fields laid over it (a given nofile or systemd replaces the whole entry). */
    LimitsDesired overlay(LimitsDesired later) {
        return new LimitsDesired(later.fileMax.isPresent() ? later.fileMax : fileMax,
                later.nrOpen.isPresent() ? later.nrOpen : nrOpen,
                later.nofile.or(() -> nofile), later.systemd.or(() -> systemd));
    }
}
