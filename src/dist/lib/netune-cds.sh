# shellcheck shell=sh
# Class-data sharing for netune's launchers (bin/netune of the release and the Debian package, which
# install this file as lib/netune-cds.sh, and ./netune of a source tree): an archive of the classes
# netune loads, mapped at start instead of read from the jar and verified again. Java 17 ties an
# archive to the JVM build and the jar (path, size, time) and crashes on a truncated one, so an
# archive is used only when its recorded size matches.
#
# The archive is a static one (-Xshare:dump of the classes a real run listed with
# -XX:DumpLoadedClassList), not Java 17's dynamic -XX:ArchiveClassesAtExit: a dynamic archive leaves out
# class files older than Java 6, and picocli's 180-odd classes are Java 5 files, read from the jar and
# verified on every start (about 50 ms of a validate or a plan on the 2-core CI machine).
#
# What trains an archive decides what it holds. An offline command (validate, explain, schema, ...)
# is trained by a `validate -- PROFILE...` of the shipped profiles (`--` sends it through picocli,
# which a plain `validate FILE...` skips, so picocli's classes are in the archive for the others). A command that reaches hosts (plan, apply,
# drift, ...) loads some 1,500 more classes (SSH, key exchange, the engine): the first such command
# lists what it loads and the archive is dumped again from that list (what Java 19's
# -XX:+AutoCreateSharedArchive does by itself). That one run pays for the dump (about a second) after
# its output; later ones start from the archive. A command that writes (apply, rollback) loads about
# 100 classes more than a plan (the apply script, the lock, the snapshot: some 45 ms of a one-host
# apply when read from the jar): the first of them trains the archive once more, when a read trained
# it. Each training adds its run's list to the archive's kept one (ARCHIVE.classes), so the archive
# only grows: what an offline command, a plan and an apply loaded. (An apply with nothing to do
# trains it too, with nothing of the write path to add; it is not tried again.)
# A run that fails (exit 1) keeps no archive, and after
# NETUNE_CDS_TRIES failed tries no more are made for that jar and JVM. NETUNE_CDS=0 uses no archive;
# NETUNE_CDS=offline never trains with a command that reaches hosts (for a cache that does not outlive
# the run, such as a container started with --rm).
NETUNE_CDS_TRIES=3

# netune_cds_level ARG...: the command (its first word that is not an option) connects to hosts; sets
# nc_level to what a training run of it records: "writes" (it may change hosts) or "hosts"
netune_cds_level() {
    for nc_w in "$@"; do
        case $nc_w in -*) continue ;; esac
        case $nc_w in
            apply | rollback) nc_level=writes ;;
            plan | drift | facts | diagnose | history) nc_level=hosts ;;
            *) return 1 ;;
        esac
        return 0
    done
    return 1
}

# netune_cds_whole ARCHIVE: there, and as long as when it was made ("failed" in the size file: never).
# The size file may end without a newline (Ant's echo writes the package's so), where read fails.
netune_cds_whole() {
    nc_size=''
    [ -f "$1" ] && { read -r nc_size < "$1.size" || [ -n "$nc_size" ]; } 2>/dev/null \
        && [ "$(wc -c < "$1")" -eq "$nc_size" ] 2>/dev/null
}

# netune_cds_wants_training ARCHIVE ARG...: this run should train the archive (a command that reaches
# hosts and an archive not yet trained by one, or one that writes and an archive trained by a read;
# fewer than NETUNE_CDS_TRIES failed tries). Sets nc_level (netune_cds_level) for netune_cds_train.
netune_cds_wants_training() {
    nc_a=$1
    shift
    [ "${NETUNE_CDS:-1}" != offline ] || return 1
    netune_cds_level "$@" || return 1
    # what trained it: "writes" or "hosts", else "offline" (also an archive made before this was recorded)
    { read -r nc_t < "$nc_a.trained"; } 2>/dev/null || nc_t=offline
    if netune_cds_whole "$nc_a"; then
        case $nc_t/$nc_level in writes/* | hosts/hosts) return 1 ;; esac
    fi
    { read -r nc_tries < "$nc_a.tries"; } 2>/dev/null || nc_tries=0
    case $nc_tries in '' | *[!0-9]*) nc_tries=0 ;; esac
    [ "$nc_tries" -lt "$NETUNE_CDS_TRIES" ]
}

# netune_cds_keep DUMPED ARCHIVE EXIT TRAINED: after a training run, the dumped archive in place with its
# class list, its size and what trained it when the run succeeded (0, or 2: changes pending or drift
# found) and the dump made one; else it is dropped and the failed try counted
netune_cds_keep() {
    case $3 in
        0 | 2)
            if [ -s "$1" ] && wc -c < "$1" | tr -d ' ' > "$1.size" && printf '%s\n' "$4" > "$1.trained"; then
                # the size last: a reader that sees the new size with the old archive refuses both
                if mv -f -- "$1" "$2" && mv -f -- "$1.classes" "$2.classes" && mv -f -- "$1.trained" "$2.trained" \
                    && mv -f -- "$1.size" "$2.size"; then
                    rm -f -- "$2.tries"
                    return 0
                fi
            fi
            ;;
    esac
    { read -r nc_tries < "$2.tries"; } 2>/dev/null || nc_tries=0
    case $nc_tries in '' | *[!0-9]*) nc_tries=0 ;; esac
    echo $((nc_tries + 1)) > "$2.tries" 2>/dev/null || true
    rm -f -- "$1" "$1.classes" "$1.size" "$1.trained"
}

# netune_cds_train JAVA JAR ARCHIVE TRAINED JVM-FLAGS-AND-ARGS...: one netune run that lists the classes
# it loads, then, when it succeeded, a static archive dumped for this JVM and JAR (the same class path
# as `-jar JAR`) from that list added to the kept list of the archive's earlier trainings
# (ARCHIVE.classes), and kept as ARCHIVE; returns the run's exit code
netune_cds_train() {
    nc_java=$1 nc_jar=$2 nc_archive=$3 nc_trained=$4
    shift 4
    nc_tmp="$nc_archive.$$"
    nc_rc=0
    # a retraining runs on the archive it replaces: the list names what the run loads from the archive
    # too, and the lambda forms it does not name again are in the kept list
    nc_use=''
    if netune_cds_whole "$nc_archive" && [ -f "$nc_archive.classes" ]; then
        nc_use="-XX:SharedArchiveFile=$nc_archive"
    fi
    "$nc_java" "-XX:DumpLoadedClassList=$nc_tmp.run" ${nc_use:+"$nc_use"} ${nc_use:+"-Xlog:cds*=off"} "$@" || nc_rc=$?
    case $nc_rc in
        0 | 2)
            # each line once (a list repeats its lambda lines), the earlier trainings' lines first
            if { if [ -f "$nc_archive.classes" ]; then cat -- "$nc_archive.classes"; fi; cat -- "$nc_tmp.run"; } \
                | awk '!seen[$0]++' > "$nc_tmp.classes"; then
                "$nc_java" -XX:+UseSerialGC -Xshare:dump "-XX:SharedClassListFile=$nc_tmp.classes" \
                    "-XX:SharedArchiveFile=$nc_tmp" -Xlog:cds*=off -cp "$nc_jar" > /dev/null 2>&1 \
                    || rm -f -- "$nc_tmp"
            else
                rm -f -- "$nc_tmp"
            fi
            ;;
    esac
    rm -f -- "$nc_tmp.run"
    netune_cds_keep "$nc_tmp" "$nc_archive" "$nc_rc" "$nc_trained"
    return "$nc_rc"
}
