package dev.netune.profile;

import java.nio.file.Path;
import java.util.List;

/**
 * A loaded profile: its own settings and, in {@code resolved}, those merged over everything it
 * extends (in order, later wins).
 */
public record Profile(String name, Path file, String description, List<Path> extendsFiles,
                      DesiredState own, DesiredState resolved) {
    public Profile {
        extendsFiles = List.copyOf(extendsFiles);
    }
}
