package dev.netune.cli;

import dev.netune.inventory.Host;
import dev.netune.profile.IoErrors;
import dev.netune.profile.ProfileLoader;
import dev.netune.report.InputFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files a plan depends on, with their SHA-256: the inventory, then every profile (and what it
 * extends). Profiles named by the inventory are those of all its hosts, not only the selected ones,
 * so that a different --limit at apply time does not count as different inputs.
 */
final class InputFiles {
    private InputFiles() {
    }

    /**
     * @param inventory    the inventory file, or null for the local machine
     * @param profiles     the -p profiles, in order (empty: each host's own)
     * @param hosts        every host of the inventory (unused when {@code profiles} is given)
     */
    static List<InputFile> of(Path inventory, List<Path> profiles, List<Host> hosts) {
        return of(inventory == null ? List.of() : List.of(inventory), profiles, hosts);
    }

    /**
     * @param inventories the inventory sources: for a directory every file in it, for a file the
     *                    file and the group_vars/ and host_vars/ beside it (they change the hosts too)
     */
    static List<InputFile> of(List<Path> inventories, List<Path> profiles, List<Host> hosts) {
        List<InputFile> out = new ArrayList<>();
        for (Path inventory : inventories) {
            Path inv = inventory.toAbsolutePath().normalize();
            List<Path> files = new ArrayList<>();
            if (Files.isDirectory(inv)) {
                files.addAll(filesUnder(inv));
            } else {
                files.add(inv);
                Path dir = inv.getParent();
                if (dir != null) {
                    files.addAll(filesUnder(dir.resolve("group_vars")));
                    files.addAll(filesUnder(dir.resolve("host_vars")));
                }
            }
            files.forEach(f -> out.add(digest("inventory", f)));
        }
        Set<Path> roots = new LinkedHashSet<>();
        if (!profiles.isEmpty()) {
            profiles.forEach(p -> roots.add(p.toAbsolutePath().normalize()));
        } else {
            hosts.forEach(h -> roots.addAll(h.profiles()));
        }
        for (Path p : ProfileLoader.withExtends(new ArrayList<>(roots))) {
            out.add(digest("profile", p));
        }
        return out;
    }

    /** Regular files below {@code dir} (not hidden ones), sorted; none when it is no directory. */
    private static List<Path> filesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> s = Files.walk(dir, 8)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> java.util.stream.StreamSupport.stream(dir.relativize(p).spliterator(), false)
                            .noneMatch(n -> n.toString().startsWith(".")))
                    .sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UserError("cannot read " + dir + ": " + e.getMessage());
        }
    }

    private static InputFile digest(String role, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return new InputFile(role, file.toString(), HexFormat.of().formatHex(sha.digest()));
        } catch (NoSuchFileException e) {
            return new InputFile(role, file.toString(), InputFile.ABSENT);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + IoErrors.reason(e));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
