package dev.netune.setting;

import dev.netune.plan.ChangeKind;
import dev.netune.fact.Section;
import dev.netune.plan.Change;
import dev.netune.transport.ShellScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Files netune owns on a host (persistence of settings): how to read one in the gather script,
 * how to write it atomically in the apply script, and how to read the result back.
 *
 * <p>Markers: {@code @@netune file PATH present|absent} in gather and verify output, and
 * {@code @@netune applied file PATH ok|failed} after a write.
 */
public final class OwnedFile {
    /** The first line of every file netune owns on a host. */
    public static final String MANAGED = "# Managed by netune. Do not edit: `netune apply` rewrites this file.";

    private OwnedFile() {
    }

    /** The two comment lines a file netune owns starts with; {@code source} says where to change it instead. */
    public static String header(String source) {
        return MANAGED + "\n# Change " + source + " instead; `netune drift` reports edits made here.";
    }

    /** Gather fragment: prints the file's content behind a marker. */
    public static String readScript(String path) {
        return ShellScript.library("file-read") + ShellScript.call("netune_file_read", path);
    }

    /** The content read by {@link #readScript} (last section for the path wins), if present. */
    public static Optional<String> parse(String path, List<Section> sections) {
        Optional<String> result = Optional.empty();
        for (Section s : sections) {
            if (s.kind().equals("file") && s.arg(0).equals(path)) {
                result = s.arg(1).equals("present") ? Optional.of(s.body()) : Optional.empty();
            }
        }
        return result;
    }

    /**
     * Before-check fragment (see {@link SettingKind#expectScript}): the file still holds
     * {@code before} as the gather read it (content without its final newlines), or is still absent
     * when {@code before} is null.
     */
    public static String expectScript(ChangeKind kind, String path, String before) {
        return ShellScript.library("file-read") + ShellScript.library("file-expect") + (before == null
                ? ShellScript.call("netune_file_expect_absent", kind.name(), path)
                : ShellScript.call("netune_file_expect", kind.name(), path, before.replaceAll("\n+$", "")));
    }

    /** Whether a {@code applied file PATH ok} marker was printed for the path. */
    public static Optional<Boolean> written(String path, List<Section> sections) {
        for (Section s : sections) {
            if (s.kind().equals("applied") && s.arg(0).equals("file") && s.arg(1).equals(path)) {
                return Optional.of(s.arg(2).equals("ok"));
            }
        }
        return Optional.empty();
    }

    /** The error text printed after a failed write. */
    public static String writeError(String path, List<Section> sections) {
        for (Section s : sections) {
            if (s.kind().equals("applied") && s.arg(0).equals("file") && s.arg(1).equals(path)) {
                return s.body().strip();
            }
        }
        return "";
    }

    /**
     * Apply fragment: writes the content to a temporary file in the same directory and renames
     * it over the target (a reader never sees half a file), then reads it back for verification.
     */
    public static String writeScript(String path, String content, String mode) {
        if (content == null) { // rollback of a file netune created: remove it
            return removeScript(path, false) + readScript(path);
        }
        List<String> args = new ArrayList<>(List.of(path, mode));
        args.addAll(List.of(content.strip().split("\n")));
        return ShellScript.library("file-write") + ShellScript.call("netune_file_write", args) + readScript(path);
    }

    /**
     * Apply fragment: removes the file, with the markers of {@link #writeScript}; with
     * {@code andEmptyDirectory}, its directory too if nothing else is left in it.
     */
    public static String removeScript(String path, boolean andEmptyDirectory) {
        return ShellScript.library("file-write")
                + (andEmptyDirectory ? ShellScript.call("netune_file_remove", path, "dir") : ShellScript.call("netune_file_remove", path));
    }

    /** Same content, ignoring trailing whitespace at the end of the file. */
    public static boolean sameContent(String a, String b) {
        return a.strip().equals(b.strip());
    }

    /** Verification of a planned write of an owned file: written, and reads back as planned. */
    public static ChangeResult verify(Change c, List<Section> sections) {
        Optional<Boolean> written = written(c.target(), sections);
        Optional<String> actual = parse(c.target(), sections);
        if (written.isEmpty()) {
            return new ChangeResult(c, false, actual.orElse(null), "not applied: the apply script stopped before it");
        }
        if (!written.get()) {
            return new ChangeResult(c, false, actual.orElse(null), "write failed: " + writeError(c.target(), sections));
        }
        if (c.removes()) {
            return new ChangeResult(c, actual.isEmpty(), actual.orElse(null), actual.isEmpty() ? "removed" : "still present");
        }
        boolean same = actual.isPresent() && sameContent(actual.get(), c.after());
        return new ChangeResult(c, same, actual.orElse(null), same ? "written" : "file content differs after write");
    }
}
