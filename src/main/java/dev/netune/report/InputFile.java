package dev.netune.report;

/**
 * One file a plan was made from, with the SHA-256 of its content, so that {@code apply PLANFILE}
 * can tell whether it is given the same inputs.
 *
 * @param role   "inventory" or "profile"
 * @param path   where it was read (for messages only: a checkout may move)
 * @param sha256 hex digest of its bytes, or "absent" when it did not exist
 */
public record InputFile(String role, String path, String sha256) {
    public static final String ABSENT = "absent";
}
