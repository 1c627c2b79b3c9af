package dev.netune.inventory;

import java.nio.file.Path;
import java.util.List;

/**
 * One Ansible variable's value: a string, a list of strings, or {@code complex} (a mapping or a
 * nested list, which netune does not use), and where it was written.
 */
record AnsibleVar(String value, List<String> list, boolean complex, Origin origin) {
    /** Where a value was written: file, line, column and the path inside the file, for messages. */
    record Origin(Path file, int line, int column, String path) {
        static final Origin NONE = new Origin(null, 0, 0, "");
    }

    static AnsibleVar of(String v, Origin o) {
        return new AnsibleVar(v, null, false, o);
    }
}
