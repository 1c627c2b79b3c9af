package dev.netune.profile;

import java.nio.file.Path;

/** One validation problem, located in a file by line, column and YAML path. */
public record Problem(Path file, int line, int column, String yamlPath, String message) {

    /** "file:line:col: path: message", the form editors and CI logs link to. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "<input>" : file.toString());
        if (line > 0) {
            sb.append(':').append(line).append(':').append(column);
        }
        sb.append(": ");
        if (yamlPath != null && !yamlPath.isEmpty()) {
            sb.append(yamlPath).append(": ");
        }
        return sb.append(message).toString();
    }
}
